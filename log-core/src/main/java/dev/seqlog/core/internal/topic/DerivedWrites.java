package dev.seqlog.core.internal.topic;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.core.internal.format.ForwardTrailer;

import java.nio.ByteBuffer;

/**
 * What a router writes into its destination (SEMANTICS §12.2, §12.5), under the destination's lock and by its
 * class's logging and visibility rules, like an append: a batch of copies whose FORWARD body the router built
 * outside the lock (stamped here, logged, and copied into the segments from the same bytes), and a
 * {@code source_trim} marker, one seq standing for source records the router could not copy. Both frames carry
 * the router's progress, so the write and the cursor past it are one. Stateless.
 */
public final class DerivedWrites {
    private DerivedWrites() {
    }

    /**
     * Appends a batch of copies.
     *
     * @param t the destination
     * @param body a finished FORWARD body (ForwardBody)
     * @param count its records
     * @param bytes their accounted size
     * @param now the clock reading
     * @return the outcome, or null if the destination ended
     * @throws SeqlogException topic_full or record_too_large ({@code discard: "reject"}), throttled (the byte
     *         quota), or internal if the store is read-only: nothing was appended
     */
    public static TopicLog.Appended forward(TopicLog t, ByteBuffer body, int count, long bytes, long now) {
        TopicLog.Appended out;
        long visible;
        t.lock.lock();
        try {
            if (t.ended) {
                return null;
            }
            t.log.checkWritable();
            t.expire(now);
            if (t.config.discard() == Discard.REJECT) {
                RejectCaps.check(t, count, bytes);
            }
            if (!t.accounting.reserve(bytes)) {
                throw new SeqlogException(ErrorCode.THROTTLED, "the total live bytes quota is exhausted")
                        .with("limit", "max_total_bytes");
            }
            long ts = Math.max(now, t.lastTs);
            long first = t.w.head + 1;
            long gate;
            try {
                long reserved = reservation(t, first + count - 1, now);
                long logged = t.log.forward(t.config.durability(), body, first, ts);
                gate = logged != 0 ? logged : reserved;
            } catch (RuntimeException e) {
                t.accounting.release(bytes);
                throw e;
            }
            t.live.appendFramed(first, ts, body);
            t.changes++;
            t.lastTs = ts;
            t.lastWriteTs = ts;
            if (t.config.discard() == Discard.OLD) {
                t.live.evictToCaps(t.config.capRecords(), t.config.capBytes());
            }
            gate = t.visibility.gateFor(gate);
            t.visibility.admit(gate);
            out = new TopicLog.Appended(first, t.w.head, t.w.head, false, gate);
            visible = t.w.visibleHead;
        } finally {
            t.lock.unlock();
        }
        t.listeners.publish(visible);
        return out;
    }

    /** The ticket of the seq reservation covering {@code last} that a disk or ephemeral write waits for, or 0. */
    private static long reservation(TopicLog t, long last, long now) {
        Durability cls = t.config.durability();
        return t.log.enabled() && (cls == Durability.DISK || cls == Durability.EPHEMERAL)
                ? t.reservations.reserveThrough(last, now, t.log) : 0;
    }

    /**
     * Appends a {@code source_trim} marker.
     *
     * @param t the destination
     * @param missed the source seqs the marker stands for
     * @param progress the router's progress once it is appended
     * @param now the clock reading
     * @return the outcome (firstSeq = lastSeq = the marker), or null if the destination ended
     */
    public static TopicLog.Appended trim(TopicLog t, long missed, ForwardTrailer.Progress progress, long now) {
        TopicLog.Appended out;
        long visible;
        t.lock.lock();
        try {
            if (t.ended) {
                return null;
            }
            t.log.checkWritable();
            long seq = t.w.head + 1;
            long reserved = reservation(t, seq, now);
            long logged = t.log.trim(t.config.durability(), seq, missed, progress);
            long gate = logged != 0 ? logged : reserved;
            t.w.addLoss(1, TombstoneReason.SOURCE_TRIM, missed);
            t.changes++;
            gate = t.visibility.gateFor(gate);
            t.visibility.admit(gate);
            out = new TopicLog.Appended(seq, seq, t.w.head, false, gate);
            visible = t.w.visibleHead;
        } finally {
            t.lock.unlock();
        }
        t.listeners.publish(visible);
        return out;
    }
}
