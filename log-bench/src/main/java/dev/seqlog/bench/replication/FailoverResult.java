package dev.seqlog.bench.replication;

import java.util.List;

/**
 * What the failover section measured and found. Immutable.
 *
 * @param writers keyed writers
 * @param rounds each leader stop
 * @param acked writes acknowledged
 * @param retries failed attempts, each retried with the same key
 * @param abandoned writes given up without an acknowledgement when the writers stopped
 * @param check the check of every replica at the end
 */
record FailoverResult(int writers, List<KillRound> rounds, long acked, long retries, long abandoned,
                      CheckResult check) {
    /** The target: no write gap at a leader stop longer than this. */
    static final long TARGET_MAX_GAP_MS = 5_000;

    /**
     * Copies the list so the record stays immutable.
     *
     * @param writers keyed writers
     * @param rounds each leader stop
     * @param acked writes acknowledged
     * @param retries failed attempts, each retried with the same key
     * @param abandoned writes given up without an acknowledgement when the writers stopped
     * @param check the check of every replica at the end
     */
    FailoverResult {
        rounds = List.copyOf(rounds);
    }

    /** @return the median write gap at a stop, ms (the mean of the middle two for an even count) */
    double medianGapMs() {
        long[] gaps = rounds.stream().mapToLong(KillRound::gapMs).sorted().toArray();
        if (gaps.length == 0) {
            return Double.NaN;
        }
        int mid = gaps.length / 2;
        return gaps.length % 2 == 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2.0;
    }

    /** @return the longest write gap at a stop, ms */
    long maxGapMs() {
        return rounds.stream().mapToLong(KillRound::gapMs).max().orElse(0);
    }
}
