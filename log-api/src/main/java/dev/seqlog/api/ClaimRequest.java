package dev.seqlog.api;

/**
 * A claim of jobs from a queue topic (API §10.3).
 *
 * @param node the worker that will hold the leases; 1 to {@link Limits#maxNodeBytes()} UTF-8 bytes
 * @param max jobs wanted; 0 means 1, larger values are clamped to the engine's claim limit
 * @param leaseMs lease length in ms, clamped to [{@link TopicConfig#MIN_LEASE_MS},
 *        {@link TopicConfig#MAX_LEASE_MS}], or null for the topic's {@code lease_ms}
 */
public record ClaimRequest(String node, int max, Long leaseMs) {
    /**
     * A claim of up to {@code max} jobs, leased for the queue's {@code lease_ms}.
     *
     * @param node the worker
     * @param max jobs wanted
     * @param leaseMs the lease length, or null
     * @throws SeqlogException invalid_request for a negative {@code max} or {@code leaseMs}
     */
    public ClaimRequest {
        if (max < 0) {
            throw SeqlogException.invalid("max", "must not be negative");
        }
        if (leaseMs != null && leaseMs < 0) {
            throw SeqlogException.invalid("lease_ms", "must not be negative");
        }
    }

    /**
     * @param node the worker
     * @param max jobs wanted
     * @return a claim with the topic's lease length
     */
    public static ClaimRequest of(String node, int max) {
        return new ClaimRequest(node, max, null);
    }

    /**
     * This claim with its own lease length. Default: the queue's {@code lease_ms}.
     *
     * @param ms the lease length
     * @return this claim with another lease length
     */
    public ClaimRequest withLeaseMs(long ms) {
        return new ClaimRequest(node, max, ms);
    }
}
