package dev.seqlog.core.internal.topic;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.checkpoint.SegmentFiles;
import dev.seqlog.core.internal.checkpoint.TopicImage;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.segment.SegmentImage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Rebuilds one topic instance at start-up: restores it from a snapshot's image, re-applies the WAL frames
 * logged after it, and applies what the durability class says about a restart (SEMANTICS §4.2, §14.2).
 * While replaying, clock-driven expiry and logging stay off.
 *
 * <p>Thread-safe: every step runs under the topic's lock (recovery calls it from one thread).
 */
public final class TopicReplay {
    private final TopicLog t;

    TopicReplay(TopicLog t) {
        this.t = t;
    }

    /** Enters replay: clock-driven expiry and logging stay off until {@link #finish()}. */
    public void begin() {
        t.lock.lock();
        try {
            t.replaying = true;
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Decides whether a replayed frame applies: only frames after the last one applied (or restored from a
     * snapshot) do.
     *
     * @param frameLsn the frame's log sequence number
     * @return whether to apply it
     */
    public boolean accept(long frameLsn) {
        t.lock.lock();
        try {
            if (frameLsn <= t.log.lsn) {
                return false;
            }
            t.log.lsn = frameLsn;
            return true;
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-applies a logged append. {@code body} is positioned at the record count of an APPEND frame.
     *
     * @param firstSeq the first seq the write received
     * @param ts its commit time
     * @param body the frame body
     */
    public void append(long firstSeq, long ts, ByteBuffer body) {
        t.lock.lock();
        try {
            Watermarks w = t.w;
            if (firstSeq > w.head + 1) {
                // records between were never logged (an ephemeral era) or lost: a restart loss
                long gap = firstSeq - 1 - w.head;
                w.addLoss(gap, TombstoneReason.RESTART, gap);
            }
            t.live.appendLogged(firstSeq, ts, body);
            t.lastTs = Math.max(t.lastTs, ts);
            t.lastWriteTs = t.lastTs;
            if (t.config.discard() == Discard.OLD) {
                t.live.evictToCaps(t.config.capRecords(), t.config.capBytes());
            }
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-applies a logged source_trim marker: one seq standing for source records a router lost.
     *
     * @param seq the marker's seq
     * @param missed the source seqs it stands for
     */
    public void trim(long seq, long missed) {
        t.lock.lock();
        try {
            Watermarks w = t.w;
            if (seq <= w.head) {
                return;
            }
            if (seq > w.head + 1) {
                long gap = seq - 1 - w.head;
                w.addLoss(gap, TombstoneReason.RESTART, gap);
            }
            w.addLoss(1, TombstoneReason.SOURCE_TRIM, missed);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-applies a logged delete.
     *
     * @param bound seqs below it were eligible
     * @param match the logged match kind
     * @param value the tag or prefix
     */
    public void delete(long bound, byte match, String value) {
        t.lock.lock();
        try {
            t.live.delete(bound, match == WalOps.MATCH_NONE ? null : new TagMatch(match == WalOps.MATCH_PREFIX, value));
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-applies a logged delete of individual seqs.
     *
     * @param seqs the seqs
     */
    public void deleteSeqs(long[] seqs) {
        t.lock.lock();
        try {
            t.live.deleteSeqs(seqs, seqs.length);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-applies a frame of the instance's attachment; ignored for an instance without one.
     *
     * @param body the frame body
     * @throws CorruptionException if it does not decode
     */
    public void attachment(ByteBuffer body) throws CorruptionException {
        t.lock.lock();
        try {
            if (t.attachment != null) {
                t.attachment.replay(body);
            }
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-applies a logged expiry.
     *
     * @param upTo every live record at or below it expired
     */
    public void expire(long upTo) {
        t.lock.lock();
        try {
            t.live.expireThrough(upTo);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-applies a logged configuration change.
     *
     * @param c the configuration
     */
    public void config(TopicConfig c) {
        t.lock.lock();
        try {
            t.config = c;
            t.live.evictToCaps(c.capRecords(), c.capBytes());
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Notes a logged seq reservation; the last one logged is the one that counts.
     *
     * @param through no seq above it was acknowledged
     */
    public void reserve(long through) {
        t.lock.lock();
        try {
            t.reservations.replayed = through;
            t.reservations.lastLogged = through;
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Ends replay and applies what the durability class says about a restart: a {@code disk} topic resumes
     * at its reservation with the unrecovered span as a {@code restart} loss range; an {@code ephemeral}
     * topic keeps only its head, with a restart floor above it; a {@code memory} topic resumes after its
     * highest recovered seq.
     *
     * <p>The range's {@code missed_estimate} counts its seqs: the records really lost are those of its seqs
     * that had been assigned, which no durable fact tells apart from the unused rest of the last
     * reservation. Because reservations are sized to about a second of writes, the count overstates the loss
     * by at most about that much.
     */
    public void finish() {
        long visible;
        t.lock.lock();
        try {
            Watermarks w = t.w;
            long replayed = t.reservations.replayed;
            Durability cls = t.config.durability();
            if (cls == Durability.EPHEMERAL) {
                long h = Math.max(w.head, replayed);
                t.live.clear();
                w.losses.clear();
                w.head = h;
                w.earliest = h + 1;
                w.restartFloor = h + 1;
            } else if (cls != Durability.MEMORY && replayed > w.head) {
                long gap = replayed - w.head;
                w.addLoss(gap, TombstoneReason.RESTART, gap);
            }
            w.visibleHead = w.head;
            t.reservations.resumeAt(w.head);
            if (t.attachment != null) {
                t.attachment.replayFinished();
            }
            t.replaying = false;
            visible = w.visibleHead;
        } finally {
            t.lock.unlock();
        }
        t.listeners.publish(visible);
    }

    /**
     * Rebuilds this new instance from a snapshot's image of it and enters replay, so that WAL frames after
     * the image apply on top.
     *
     * @param image the image
     * @param files reads the segment files
     * @param recount count live records from the files' delete flags rather than trusting the image (after
     *        falling back to an older snapshot, a newer checkpoint may have flagged later deletes)
     * @throws IOException if a segment cannot be read, or is damaged, or the image's queue section does not
     *         decode
     */
    public void restore(TopicImage image, SegmentFiles files, boolean recount) throws IOException {
        t.lock.lock();
        try {
            Watermarks w = t.w;
            t.log.lsn = image.lsn();
            w.head = image.head();
            w.visibleHead = image.head();
            w.earliest = image.earliest();
            w.capFloor = image.capFloor();
            w.ttlFloor = image.ttlFloor();
            w.restartFloor = image.restartFloor();
            for (TopicImage.Loss l : image.losses()) {
                w.losses.add(l.from(), l.to(), l.reason(), l.missed());
            }
            t.reservations.replayed = image.reservation();
            t.reservations.lastLogged = image.reservation();
            t.lastTs = image.lastTs();
            t.lastWriteTs = image.lastWriteTs() == Long.MIN_VALUE ? null : image.lastWriteTs();
            for (SegmentImage si : image.segments()) {
                Segment seg = files.load(t.epoch, si);
                t.live.store().restore(seg);
                for (int n : si.flagNumbers) {
                    seg.restoreDeleted(n);
                }
            }
            t.live.restore(image.count(), image.bytes(), recount);
            if (t.attachment != null && image.queue() != null) {
                t.attachment.restore(image.queue().duplicate());
            }
            if (image.idempotency() != null) {
                t.idempotency.restore(image.idempotency().duplicate());
            }
            t.replaying = true;
        } finally {
            t.lock.unlock();
        }
    }
}
