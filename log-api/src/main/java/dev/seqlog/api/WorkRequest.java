package dev.seqlog.api;

/**
 * A push subscription of jobs (API §10.10): the log keeps up to {@code max} jobs leased to the subscription
 * and claims more as they are acked, nacked or expire.
 *
 * @param node the worker that holds the pushed leases
 * @param max jobs outstanding at most; 0 means 1, larger values are clamped to the engine's claim limit
 * @param leaseMs lease length of pushed jobs, clamped like a claim's, or null for the topic's {@code lease_ms}
 */
public record WorkRequest(String node, int max, Long leaseMs) {
    /**
     * @param node the worker
     * @param max jobs wanted
     * @param leaseMs the lease length, or null
     * @throws SeqlogException invalid_request for a negative {@code max} or {@code leaseMs}
     */
    public WorkRequest {
        if (max < 0) {
            throw SeqlogException.invalid("max", "must not be negative");
        }
        if (leaseMs != null && leaseMs < 0) {
            throw SeqlogException.invalid("lease_ms", "must not be negative");
        }
    }

    /**
     * @param node the worker
     * @param max jobs outstanding at most
     * @return a request with the topic's lease length
     */
    public static WorkRequest of(String node, int max) {
        return new WorkRequest(node, max, null);
    }
}
