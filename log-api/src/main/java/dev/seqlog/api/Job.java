package dev.seqlog.api;

/**
 * A job leased to a worker (API §10.3 {@code claimed[]}): the record and the lease that now covers it.
 *
 * @param record the job's record (tags always included)
 * @param leaseId the lease id, {@code lease_} followed by 16 lowercase hex digits; unique per delivery
 * @param deadline when the lease expires, in epoch ms of the log's clock
 * @param deliveries deliveries including this one (first delivery = 1)
 */
public record Job(TopicRecord record, String leaseId, long deadline, long deliveries) {
    /** @return the job's seq, its identity in the queue */
    public long seq() {
        return record.seq();
    }
}
