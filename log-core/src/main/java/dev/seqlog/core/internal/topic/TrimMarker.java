package dev.seqlog.core.internal.topic;

import dev.seqlog.api.Durability;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.core.internal.format.ForwardTrailer;

/**
 * A router's {@code source_trim} marker (SEMANTICS §12.5): one seq of the destination, appended like a record
 * (the class's logging and visibility rules apply), that stands for source records the router could not copy.
 * The TRIM frame carries the router's progress, so the marker and the cursor past the lost span are one write.
 * Stateless; the work runs under the destination's lock.
 */
public final class TrimMarker {
    private TrimMarker() {
    }

    /**
     * @param t the destination
     * @param missed the source seqs the marker stands for
     * @param progress the router's progress once it is appended
     * @param now the clock reading
     * @return the outcome (firstSeq = lastSeq = the marker), or null if the destination ended
     */
    public static TopicLog.Appended append(TopicLog t, long missed, ForwardTrailer.Progress progress, long now) {
        TopicLog.Appended out;
        long visible;
        t.lock.lock();
        try {
            if (t.ended) {
                return null;
            }
            t.log.checkWritable();
            long seq = t.w.head + 1;
            long gate = 0;
            if (t.log.enabled()) {
                Durability cls = t.config.durability();
                long reserved = cls == Durability.DISK || cls == Durability.EPHEMERAL
                        ? t.reservations.reserveThrough(seq, now, t.log) : 0;
                long logged = t.log.trim(cls, seq, missed, progress);
                gate = logged != 0 ? logged : reserved;
            }
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
