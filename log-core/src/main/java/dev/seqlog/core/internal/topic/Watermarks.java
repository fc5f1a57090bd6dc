package dev.seqlog.core.internal.topic;

import dev.seqlog.api.TombstoneReason;

/**
 * The watermarks of one topic instance (SEMANTICS §5): H in log order, the visible head readers see, E,
 * the three sub-floors of F, and the interior loss ranges.
 *
 * <p>Not thread-safe: a plain holder guarded by the owning topic's lock.
 */
final class Watermarks {
    /** Highest seq assigned and applied (H in log order). */
    long head;
    /** Highest seq readers may see. */
    long visibleHead;
    /** Lowest live seq, or head + 1. */
    long earliest = 1;
    long capFloor = 1;
    long ttlFloor = 1;
    long restartFloor = 1;
    final LossRanges losses = new LossRanges();

    /** F = max of the sub-floors, clamped to [1, H + 1]. */
    long floor() {
        return Math.max(1, Math.min(head + 1, Math.max(capFloor, Math.max(ttlFloor, restartFloor))));
    }

    /** E as readers see it: a write not yet visible may already have evicted records. */
    long visibleEarliest() {
        return Math.min(earliest, visibleHead + 1);
    }

    /** Appends a loss range of {@code n} seqs at the head. */
    void addLoss(long n, TombstoneReason reason, long missed) {
        boolean noneLive = earliest == head + 1;
        losses.add(head + 1, head + n, reason, missed);
        head += n;
        if (noneLive) {
            earliest = head + 1;
        }
    }
}
