package dev.seqlog.bench.queue;

import dev.seqlog.bench.Percentiles;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One point on one server: an unmeasured warm-up pass on its own queue (so a fresh JVM is not timed while it
 * compiles the hot paths; Redis gets the same pass), then the measured pass on a freshly filled queue, with
 * the server's CPU read just around it, then the exactly-once check. Both passes are checked; a failed
 * warm-up fails the point. Called from one thread.
 */
public final class QueueMeasurement {
    /** The measured queue's name on every server. */
    public static final String QUEUE = "qbench";
    /** The warm-up queue's name on every server. */
    public static final String WARM_QUEUE = "qbench-warm";

    private QueueMeasurement() {
    }

    /** Reads a server process's CPU time; {@link #NONE} where there is no separate process. */
    @FunctionalInterface
    public interface CpuMeter {
        /** Measures nothing. */
        CpuMeter NONE = () -> Double.NaN;

        /**
         * @return user + system CPU seconds so far
         * @throws IOException if the process's counters cannot be read
         */
        double seconds() throws IOException;
    }

    /**
     * @param target the server, running
     * @param who how to name it in the summary
     * @param opt the counts and budgets
     * @param workers worker threads
     * @param batch jobs per claim
     * @param cpu the server's CPU meter
     * @return the outcome
     * @throws Exception if the server fails or cannot be reached
     */
    public static QueueOutcome run(QueueTarget target, String who, QueueOptions opt, int workers, int batch,
                                   CpuMeter cpu) throws Exception {
        long[] warmKeys = target.prefill(WARM_QUEUE, opt.warmupJobs(), opt.payloadBytes());
        QueueWorkers.Totals warm = QueueWorkers.run(target, WARM_QUEUE, workers, batch, opt.warmupMs());
        AckCheck warmCheck = AckCheck.of(warmKeys, warm.keys(), warm.shortfall(),
                target.leftover(WARM_QUEUE, warmKeys), warm.drained());

        long[] keys = target.prefill(QUEUE, opt.jobs(), opt.payloadBytes());
        double cpu0 = cpu.seconds();
        QueueWorkers.Totals t = QueueWorkers.run(target, QUEUE, workers, batch, opt.measureMs());
        double cpuSeconds = cpu.seconds() - cpu0;
        AckCheck check = AckCheck.of(keys, t.keys(), t.shortfall(), target.leftover(QUEUE, keys), t.drained());
        if (!warmCheck.ok()) {
            List<String> problems = new ArrayList<>(check.problems());
            problems.add("the warm-up pass failed: " + String.join("; ", warmCheck.problems()));
            check = new AckCheck(check.acked(), check.distinct(), check.duplicates(), check.unexpected(),
                    check.shortfall(), check.remaining(), check.inFlight(), check.drained(), problems);
        }
        double secs = t.nanos() / 1e9;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "claim→ack: %d worker%s, batch %d, %,d jobs of %d B: %,.0f jobs/s "
                        + "(%,d in %.2f s, %s)", workers, workers == 1 ? "" : "s", batch, opt.jobs(),
                opt.payloadBytes(), t.completed() / secs, t.completed(), secs,
                t.drained() ? "drained" : "time budget"));
        lines.add("   claim " + Percentiles.line(t.claim()));
        lines.add("   ack   " + Percentiles.line(t.ack()));
        lines.add("   " + check.line());
        if (!Double.isNaN(cpuSeconds)) {
            lines.add(String.format(Locale.ROOT, "   server CPU %.2f s, %.1f µs per job", cpuSeconds,
                    t.completed() == 0 ? Double.NaN : cpuSeconds * 1e6 / t.completed()));
        }
        return new QueueOutcome(who, workers, batch, t.completed(), secs, p(t.claim(), 50), p(t.claim(), 99),
                p(t.ack(), 50), p(t.ack(), 99), check, cpuSeconds, lines);
    }

    private static long p(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile);
    }
}
