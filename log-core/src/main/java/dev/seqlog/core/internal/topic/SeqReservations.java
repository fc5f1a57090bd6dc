package dev.seqlog.core.internal.topic;

/**
 * Durable seq reservations of a {@code disk} or {@code ephemeral} topic (SEMANTICS §4.2): no seq is
 * acknowledged beyond a reservation that is durable, so after a crash the topic resumes above every seq it
 * ever acknowledged, and the span between the last recovered record and the reservation becomes a
 * {@code restart} loss range.
 *
 * <p>The block requested ahead is sized to the write rate: about {@link #HORIZON_MS} of writes at the rate
 * seen since the previous request, rounded up to a power of two within [{@link #MIN_BLOCK},
 * {@link #MAX_BLOCK}], and doubled when a writer had to wait for a reservation. The next block is requested
 * when half of the current one is used, so a writer waits only when a reservation's flush takes longer
 * than writing half a block; and a crash leaves a {@code restart} range of at most one block, about one
 * horizon of writes.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class SeqReservations {
    static final long MIN_BLOCK = 256;
    static final long MAX_BLOCK = 1L << 20;
    static final long HORIZON_MS = 1000;

    private long block = MIN_BLOCK;
    private long requested;
    private long ticket;
    private long durable;
    private boolean waited;
    private long windowStartMs = Long.MIN_VALUE;
    private long windowStartSeq;
    /** The last reservation logged, or -1: what a snapshot records. */
    long lastLogged = -1;
    /** The last reservation seen while replaying, or -1. */
    long replayed = -1;

    /**
     * Makes sure a durable reservation covers {@code last}, requesting the next block ahead of need.
     *
     * @param last the highest seq about to be assigned
     * @param now the engine clock reading
     * @param log where the reservation is logged
     * @return the ticket to wait for, or 0 if a durable reservation already covers {@code last}
     */
    long reserveThrough(long last, long now, TopicJournal log) {
        if (last > requested - block / 2) {
            resize(last, now);
            requested = last + block;
            ticket = log.reserve(requested, true);
            lastLogged = requested;
        }
        if (last <= durable) {
            return 0;
        }
        if (log.isDurable(ticket)) {
            durable = requested;
            return 0;
        }
        waited = true;
        return ticket;
    }

    private void resize(long last, long now) {
        long target = block;
        long elapsed = now - windowStartMs;
        if (windowStartMs != Long.MIN_VALUE && elapsed > 0) {
            target = (last - windowStartSeq) * HORIZON_MS / elapsed;
        }
        if (waited) {
            target = Math.max(target, 2 * block);
        }
        target = Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, target));
        block = Long.highestOneBit(target) == target ? target : Long.highestOneBit(target) << 1;
        windowStartMs = now;
        windowStartSeq = last;
        waited = false;
    }

    /** The ticket of the last reservation requested, for tests. */
    long ticket() {
        return ticket;
    }

    /** The current block size, for tests and metrics. */
    long block() {
        return block;
    }

    /**
     * Restarts reservations at {@code head}: after recovery, or when a class change or a clean shutdown
     * logged the exact head.
     */
    void resetTo(long head) {
        requested = head;
        durable = head;
        lastLogged = head;
    }

    /** After recovery: reservations start again above {@code head}; what was logged stays as it was. */
    void resumeAt(long head) {
        requested = head;
        durable = head;
    }
}
