package dev.seqlog.core.internal.topic;

import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.internal.notify.HeadListeners;
import dev.seqlog.core.internal.segment.RecordStore;
import dev.seqlog.core.internal.segment.Segment;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A topic instance as an {@link Attachment} uses it: its lock, its visible live records by seq, individual
 * deletes, and its journal for the attachment's own frames. Everything but {@link #lock()} and the futures
 * requires the lock to be held.
 *
 * <p>Thread-safe through the topic's lock.
 */
public final class TopicJobs {
    /** Builds a frame body once the lsn it gets is known. */
    @FunctionalInterface
    public interface Frame {
        /**
         * @param id the topic id
         * @param lsn the frame's lsn
         * @return the body
         */
        ByteBuffer encode(long id, long lsn);
    }

    private final TopicLog t;

    TopicJobs(TopicLog t) {
        this.t = t;
    }

    /** Takes the topic's lock. */
    public void lock() {
        t.lock.lock();
    }

    /** Releases it. */
    public void unlock() {
        t.lock.unlock();
    }

    /** @return the topic name */
    public String name() {
        return t.name;
    }

    /** @return the instance id */
    public long id() {
        return t.epoch;
    }

    /**
     * Starts an operation under the lock: the instance must exist, expiry is applied.
     *
     * @param now the clock reading
     * @throws SeqlogException topic_not_found if the instance ended
     */
    public void start(long now) {
        t.requireLive();
        t.expire(now);
    }

    /** @return whether the instance ended */
    public boolean ended() {
        return t.ended;
    }

    /** @return whether it is being rebuilt by recovery */
    public boolean replaying() {
        return t.replaying;
    }

    /** @return the configuration in force */
    public TopicConfig config() {
        return t.config;
    }

    /** @return E: no record below it is live */
    public long earliest() {
        return t.w.earliest;
    }

    /** @return the highest seq readers may see */
    public long visibleHead() {
        return t.w.visibleHead;
    }

    /** @return live records, visible or not yet */
    public long liveCount() {
        return t.live.count();
    }

    /** @return the instance's listeners, woken when the visible head rises and when it ends */
    public HeadListeners listeners() {
        return t.listeners;
    }

    /**
     * @param from a seq
     * @return the lowest live, visible seq at or above {@code from}, or -1 if none
     */
    public long nextLive(long from) {
        long s = Math.max(from, t.w.earliest);
        long stop = t.w.visibleHead;
        RecordStore store = t.live.store();
        while (s <= stop) {
            int i = store.find(s);
            if (i < 0) {
                s = store.baseAfterGap(i, stop + 1);
                continue;
            }
            Segment seg = store.get(i);
            long end = Math.min(seg.endSeq(), stop + 1);
            if (seg.undeletedCount() > 0) {
                for (; s < end; s++) {
                    if (!seg.isDeleted(s)) {
                        return s;
                    }
                }
            }
            s = end;
        }
        return -1;
    }

    /**
     * @param seq a seq
     * @return whether the record is live and visible
     */
    public boolean isLive(long seq) {
        if (seq < t.w.earliest || seq > t.w.visibleHead) {
            return false;
        }
        int i = t.live.store().find(seq);
        return i >= 0 && !t.live.store().get(i).isDeleted(seq);
    }

    /**
     * @param seq a live seq
     * @return a copy of its record, tags and meta included
     */
    public TopicRecord record(long seq) {
        Segment seg = t.live.store().get(t.live.store().find(seq));
        RecordViewImpl view = new RecordViewImpl(true, true);
        return TopicRecord.copyOf(view.position(seg.buffer(), seg.offsetOf(seq), seq));
    }

    /**
     * Deletes individual records permanently (SEMANTICS §8), logged per the class, or flushed when {@code sync}.
     * The attachment hears of each through {@link Attachment#removed}.
     *
     * @param seqs the seqs; those not live are ignored
     * @param n how many of them
     * @param sync flush the frame even if the class would not
     * @return the journal ticket to wait for (0 if there is none to wait for)
     * @throws SeqlogException internal (storage_read_only) after a storage failure
     */
    public long deleteSeqs(long[] seqs, int n, boolean sync) {
        long ticket = t.log.deleteSeqs(t.config.durability(), seqs, n, sync);
        t.live.deleteSeqs(seqs, n);
        t.changes++;
        return ticket;
    }

    /**
     * Logs one of the attachment's frames, flushed promptly when {@code sync}.
     *
     * @param frame builds the body
     * @param sync whether the caller waits for it
     * @return its ticket, or 0 when nothing is logged
     * @throws SeqlogException internal (storage_read_only) after a storage failure
     */
    public long log(Frame frame, boolean sync) {
        return t.log.attachment(frame, sync);
    }

    /** @return whether frames are logged at all (false for the in-memory engine) */
    public boolean journaled() {
        return t.log.enabled();
    }

    /**
     * @param ticket a ticket, or 0
     * @return a future completing once it is durable
     */
    public CompletableFuture<Void> whenDurable(long ticket) {
        return t.log.whenDurable(ticket);
    }
}
