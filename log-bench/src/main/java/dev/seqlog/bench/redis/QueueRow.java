package dev.seqlog.bench.redis;

/**
 * One line of the queue table: the median jobs/s of each side at one point. Immutable.
 *
 * @param pairing the durability pairing
 * @param leasesDurable the seqlog queues' {@code leases_durable}
 * @param batch jobs per claim
 * @param workers worker threads
 * @param redis Redis's median jobs/s, NaN when not run
 * @param http the seqlog server's median jobs/s, NaN when not run
 * @param inProcess the in-process engine's median jobs/s, NaN when not run
 * @param verified whether every sample behind the figures verified its results
 */
record QueueRow(Pairing pairing, boolean leasesDurable, int batch, int workers, double redis, double http,
                double inProcess, boolean verified) {
}
