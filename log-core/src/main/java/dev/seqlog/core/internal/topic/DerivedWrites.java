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
    /**
     * What a derived write did.
     *
     * @param lastSeq the last seq it took (the head before it, for a progress frame)
     * @param gate journal ticket to wait for before it counts as written (published once durable, for copies and
     *        markers), or 0
     * @param logged whether its frame, with the router's progress, went to the log (the class logs records)
     */
    public record Written(long lastSeq, long gate, boolean logged) {
    }

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
     * @return what it did, or null if the destination ended
     * @throws SeqlogException topic_full or record_too_large ({@code discard: "reject"}), throttled (the byte
     *         quota), or internal if the store is read-only: nothing was appended
     */
    public static Written forward(TopicLog t, ByteBuffer body, int count, long bytes, long now) {
        Written out;
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
            out = new Written(t.w.head, gate, logs(t));
            visible = t.w.visibleHead;
        } finally {
            t.lock.unlock();
        }
        t.listeners.publish(visible);
        return out;
    }

    /**
     * Logs a router's progress when a batch yielded nothing to append (filtered, deleted, or found present), as a
     * FORWARD frame without records, so that it follows the router's earlier copies in the destination's log.
     *
     * @param t the destination
     * @param body a finished FORWARD body with no record
     * @return what it did (gate: the ticket an {@code fsync} frame waits for, never published), or null if the
     *         destination ended
     */
    public static Written progress(TopicLog t, ByteBuffer body) {
        t.lock.lock();
        try {
            if (t.ended) {
                return null;
            }
            t.log.checkWritable();
            long ticket = t.log.forward(t.config.durability(), body, t.w.head + 1, Math.max(t.lastTs, 0));
            return new Written(t.w.head, ticket, logs(t));
        } finally {
            t.lock.unlock();
        }
    }

    private static boolean logs(TopicLog t) {
        return t.log.enabled() && TopicJournal.logsRecords(t.config.durability());
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
     * @return what it did (lastSeq: the marker), or null if the destination ended
     */
    public static Written trim(TopicLog t, long missed, ForwardTrailer.Progress progress, long now) {
        Written out;
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
            out = new Written(seq, gate, logs(t));
            visible = t.w.visibleHead;
        } finally {
            t.lock.unlock();
        }
        t.listeners.publish(visible);
        return out;
    }
}
