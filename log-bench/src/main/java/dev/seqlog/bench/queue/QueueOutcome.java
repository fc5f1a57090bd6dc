package dev.seqlog.bench.queue;

import java.util.List;

/**
 * One measured claim → ack run on one server: its figures, its check, and the lines that describe it.
 * Immutable.
 *
 * @param who the server and its settings, e.g. {@code seqlog in-process fsync, leases off}
 * @param workers worker threads
 * @param batch jobs per claim
 * @param completed jobs the server reported completed
 * @param seconds from the start signal until the last worker stopped
 * @param claimP50Nanos median claim latency, or -1 without a claim that returned jobs
 * @param claimP99Nanos 99th percentile claim latency, or -1
 * @param ackP50Nanos median ack latency, or -1
 * @param ackP99Nanos 99th percentile ack latency, or -1
 * @param check the exactly-once check
 * @param cpuSeconds the server process's user + system CPU during the measured phase, NaN when not measured
 * @param summary human-readable lines
 */
public record QueueOutcome(String who, int workers, int batch, long completed, double seconds, long claimP50Nanos,
                           long claimP99Nanos, long ackP50Nanos, long ackP99Nanos, AckCheck check, double cpuSeconds,
                           List<String> summary) {

    /**
     * Copies the summary so the record stays immutable.
     *
     * @param who the server and its settings, e.g. {@code seqlog in-process fsync, leases off}
     * @param workers worker threads
     * @param batch jobs per claim
     * @param completed jobs the server reported completed
     * @param seconds from the start signal until the last worker stopped
     * @param claimP50Nanos median claim latency, or -1 without a claim that returned jobs
     * @param claimP99Nanos 99th percentile claim latency, or -1
     * @param ackP50Nanos median ack latency, or -1
     * @param ackP99Nanos 99th percentile ack latency, or -1
     * @param check the exactly-once check
     * @param cpuSeconds the server process's user + system CPU during the measured phase, NaN when not measured
     * @param summary human-readable lines
     */
    public QueueOutcome {
        summary = List.copyOf(summary);
    }

    /** @return jobs completed per second of the measured phase */
    public double jobsPerSecond() {
        return completed / seconds;
    }

    /** @return whether the exactly-once check, and the warm-up's, held */
    public boolean verified() {
        return check.ok();
    }
}
