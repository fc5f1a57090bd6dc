package dev.seqlog.bench.queue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a run completed every job it touched exactly once: no job acked twice, none that was never added,
 * no ack the server answered short, nothing left leased, and the server's count of jobs left equal to the
 * jobs never acked (so zero when the queue was drained). Immutable.
 *
 * @param acked acks the workers made, one per job claimed
 * @param distinct distinct jobs among them
 * @param duplicates acks of a job already acked
 * @param unexpected acks of a key that was never added
 * @param shortfall jobs the server did not report completed in an ack that named them
 * @param remaining jobs the server still holds
 * @param inFlight jobs the server still has handed out
 * @param drained whether every worker stopped on an empty claim
 * @param problems the failed conditions, empty when the run verified
 */
public record AckCheck(long acked, long distinct, long duplicates, long unexpected, long shortfall, long remaining,
                       long inFlight, boolean drained, List<String> problems) {

    /**
     * Copies the problems so the record stays immutable.
     *
     * @param acked acks the workers made, one per job claimed
     * @param distinct distinct jobs among them
     * @param duplicates acks of a job already acked
     * @param unexpected acks of a key that was never added
     * @param shortfall jobs the server did not report completed in an ack that named them
     * @param remaining jobs the server still holds
     * @param inFlight jobs the server still has handed out
     * @param drained whether every worker stopped on an empty claim
     * @param problems the failed conditions, empty when the run verified
     */
    public AckCheck {
        problems = List.copyOf(problems);
    }

    /**
     * @param added every job's key, ascending, as the prefill returned them
     * @param acked the keys of every ack made, in any order, duplicates included
     * @param shortfall jobs the server did not report completed in an ack that named them
     * @param left what the server holds after the run
     * @param drained whether every worker stopped on an empty claim
     * @return the check
     */
    public static AckCheck of(long[] added, long[] acked, long shortfall, QueueTarget.Leftover left,
                              boolean drained) {
        long[] sorted = acked.clone();
        Arrays.sort(sorted);
        long distinct = 0;
        long duplicates = 0;
        long unexpected = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                duplicates++;
            } else if (Arrays.binarySearch(added, sorted[i]) < 0) {
                unexpected++;
            } else {
                distinct++;
            }
        }
        List<String> problems = new ArrayList<>(left.problems());
        if (duplicates > 0) {
            problems.add(duplicates + " jobs acked more than once");
        }
        if (unexpected > 0) {
            problems.add(unexpected + " acks of keys never added");
        }
        if (shortfall > 0) {
            problems.add(shortfall + " jobs named in an ack and not reported completed");
        }
        if (left.inFlight() != 0) {
            problems.add(left.inFlight() + " jobs still handed out after the run");
        }
        long expectedLeft = added.length - distinct;
        if (left.remaining() != expectedLeft) {
            problems.add(String.format(Locale.ROOT, "the server holds %,d jobs, expected %,d", left.remaining(),
                    expectedLeft));
        }
        if (drained && left.remaining() != 0) {
            problems.add("the workers found the queue empty but " + left.remaining() + " jobs are left");
        }
        return new AckCheck(sorted.length, distinct, duplicates, unexpected, shortfall, left.remaining(),
                left.inFlight(), drained, problems);
    }

    /** @return whether every condition held */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** @return the check as one summary line */
    public String line() {
        return String.format(Locale.ROOT, "verify: acked=%,d distinct=%,d duplicates=%d unexpected=%d short=%d "
                        + "left=%,d in-flight=%d%s -> %s", acked, distinct, duplicates, unexpected, shortfall,
                remaining, inFlight, drained ? " (drained)" : "",
                ok() ? "OK" : "FAILED: " + String.join("; ", problems));
    }
}
