package dev.seqlog.bench.load;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * A workload's outcome: the printed summary, whether every self-check passed, and the headline figures for
 * harnesses that tabulate them (the Redis side-by-side). Immutable.
 *
 * @param name the workload, e.g. {@code W1}
 * @param summary human-readable lines
 * @param verified whether every self-check passed
 * @param recordsPerSecond records (or writes) per second of the measured phase
 * @param p50Nanos median of the workload's latency, or -1 when it measures throughput only
 * @param p99Nanos 99th percentile of the workload's latency, or -1 when it measures throughput only
 */
public record WorkloadResult(String name, List<String> summary, boolean verified, double recordsPerSecond,
                             long p50Nanos, long p99Nanos) {

    /**
     * Copies the summary so the record stays immutable.
     */
    public WorkloadResult {
        summary = List.copyOf(summary);
    }

    /**
     * A throughput workload's outcome.
     *
     * @param name the workload
     * @param summary human-readable lines
     * @param verified whether every self-check passed
     * @param recordsPerSecond the measured rate
     * @return the result
     */
    public static WorkloadResult throughput(String name, List<String> summary, boolean verified,
                                            double recordsPerSecond) {
        return new WorkloadResult(name, summary, verified, recordsPerSecond, -1, -1);
    }

    /**
     * A latency workload's outcome.
     *
     * @param name the workload
     * @param summary human-readable lines
     * @param verified whether every self-check passed
     * @param recordsPerSecond the achieved rate
     * @param latency the latency the workload reports, in nanoseconds
     * @return the result
     */
    public static WorkloadResult latency(String name, List<String> summary, boolean verified,
                                         double recordsPerSecond, Histogram latency) {
        boolean none = latency.getTotalCount() == 0;
        return new WorkloadResult(name, summary, verified, recordsPerSecond,
                none ? -1 : latency.getValueAtPercentile(50), none ? -1 : latency.getValueAtPercentile(99));
    }
}
