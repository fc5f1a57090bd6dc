package dev.seqlog.core.queues;

import dev.seqlog.core.internal.notify.IndexedHeap;

/**
 * The lease state of one job that was delivered at least once (a never-delivered job has no entry): its
 * delivery counter and its current lease, or when its last lease ended without an ack, when it is ready again.
 * While it is counted, its heap key is when {@link LeaseTable#settle} must look at it: the lease's deadline + 1,
 * or the end of the nack delay.
 *
 * <p>Not thread-safe: guarded by the queue topic's lock.
 */
final class JobEntry extends IndexedHeap.Node {
    /** The job has a current lease (expired or not). */
    static final byte LEASED = 1;
    /** Its last lease ended without an ack; it is ready at {@link #readyAt}. */
    static final byte RELEASED = 2;

    final long seq;
    int deliveries;
    byte state;
    long leaseId;
    String holder;
    long deadline;
    long readyAt;
    /**
     * Counted as in flight (LEASED) or delayed (RELEASED) and not yet collected by a settle: cleared when the
     * deadline or the delay passes, which moves the job to the ready set.
     */
    boolean counted;
    /** In the ready set of previously delivered jobs. */
    boolean inReady;
    /** A dead-letter move of it is under way: passes leave it alone. */
    boolean moving;
    /** The push subscription its current lease was delivered on, or null. */
    WorkFeed feed;

    JobEntry(long seq) {
        this.seq = seq;
    }

    /** @return whether {@code node} holds the job, fenced by {@code leaseId} when it is not 0 */
    boolean heldBy(String node, long fence) {
        return state == LEASED && holder.equals(node) && (fence == 0 || fence == leaseId);
    }

    @Override
    public String toString() {
        return "JobEntry{seq=" + seq + ", deliveries=" + deliveries + ", state=" + state + ", holder=" + holder
                + ", deadline=" + deadline + ", readyAt=" + readyAt + ", counted=" + counted + "}";
    }
}
