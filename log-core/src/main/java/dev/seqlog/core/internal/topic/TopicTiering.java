package dev.seqlog.core.internal.topic;

import dev.seqlog.core.internal.segment.ObjectSource;
import dev.seqlog.api.Durability;
import dev.seqlog.core.internal.checkpoint.SegmentFiles;
import dev.seqlog.core.internal.checkpoint.TopicImage;
import dev.seqlog.core.internal.segment.RecordStore;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.segment.SegmentImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What checkpoints do to one topic instance: capture its state and the segment bytes not yet in files,
 * switch segments written whole to mappings of their files, and move sealed segments beyond the hot
 * retention to the cold tier. File I/O runs outside the topic's lock; each switch is re-checked under it.
 *
 * <p>Thread-safe; called by the checkpoint thread.
 */
public final class TopicTiering {
    private final TopicLog t;

    TopicTiering(TopicLog t) {
        this.t = t;
    }

    /**
     * Captures this instance for a checkpoint: its state as of the last frame it logged, and copies of the
     * segment bytes and flags not yet in its files (none for an {@code ephemeral} topic, whose records are
     * never persisted). A segment older than the maximum age is sealed first.
     *
     * @param now the clock reading
     * @param exactHead record the head as the reservation, as a clean shutdown does (no restart loss range)
     * @return the image, or null if the instance t.ended
     */
    public TopicImage capture(long now, boolean exactHead) {
        t.lock.lock();
        try {
            if (t.ended) {
                return null;
            }
            Durability cls = t.config.durability();
            boolean persist = cls != Durability.EPHEMERAL;
            List<SegmentImage> segments = new ArrayList<>();
            if (persist) {
                RecordStore st = t.live.store();
                st.sealIfAged(now);
                for (int i = 0; i < st.size(); i++) {
                    Segment seg = st.get(i);
                    segments.add(seg.hasUnpersisted() ? seg.capture(t.store.pool())
                            : new SegmentImage(seg.baseSeq, seg.meta(), seg.bytesUsed(), null, new int[0],
                                    new int[0]));
                }
            }
            List<TopicImage.Loss> losses = new ArrayList<>();
            for (LossRanges.Range r : t.w.losses.all()) {
                losses.add(new TopicImage.Loss(r.from, r.to, r.reason, r.missed));
            }
            long reservation = exactHead && cls != Durability.MEMORY ? t.w.head : t.reservations.lastLogged;
            // an ephemeral topic restarts with no record, so nothing constrains the ts of its next write
            long tsFloor = persist ? t.lastTs : Long.MIN_VALUE;
            long lastWrite = persist && t.lastWriteTs != null ? t.lastWriteTs : Long.MIN_VALUE;
            return new TopicImage(t.epoch, t.log.lsn, t.name, t.config, t.w.head, t.w.earliest, t.w.capFloor, t.w.ttlFloor,
                    t.w.restartFloor, reservation, tsFloor, lastWrite, persist ? t.live.count() : 0,
                    persist ? t.live.bytes() : 0, losses, segments, t.attachment == null ? null : t.attachment.capture(),
                    t.log.enabled() ? null : t.idempotency.capture(t.epoch)); // replicated state with an external log
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Takes back delete flags a checkpoint did not write because a backup pins the segment's file: the next
     * capture lists them again, so every snapshot until they are written names them.
     *
     * @param baseSeq the segment
     * @param numbers the entry numbers whose flags are still to be written
     */
    public void deferFlags(long baseSeq, int[] numbers) {
        t.lock.lock();
        try {
            RecordStore st = t.live.store();
            int i = t.ended ? -1 : st.find(baseSeq);
            if (i >= 0) {
                st.get(i).deferFlags(numbers);
            }
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Switches every sealed segment that checkpoints have written whole to a mapping of its file, freeing
     * its direct buffer; maps outside the lock and writes each sparse index file after.
     *
     * @param files maps segment files
     * @throws IOException if a file cannot be mapped
     */
    public void mapWrittenSegments(SegmentFiles files) throws IOException {
        List<Segment> ready = new ArrayList<>();
        t.lock.lock();
        try {
            RecordStore st = t.live.store();
            for (int i = 0; i < st.size() && !t.ended; i++) {
                if (st.get(i).readyToMap()) {
                    ready.add(st.get(i));
                }
            }
        } finally {
            t.lock.unlock();
        }
        for (Segment seg : ready) {
            ByteBuffer mapping = files.map(t.epoch, seg.baseSeq, seg.bytesUsed(), false);
            boolean switched = false;
            t.lock.lock();
            try {
                RecordStore st = t.live.store();
                int i = st.find(seg.baseSeq);
                if (!t.ended && i >= 0 && st.get(i) == seg && seg.readyToMap()) {
                    t.store.pool().release(seg.switchToMapping(mapping, files.path(t.epoch, seg.baseSeq, false)));
                    switched = true;
                }
            } finally {
                t.lock.unlock();
            }
            if (switched) {
                files.writeIndex(t.epoch, seg.baseSeq, seg.bytesUsed(), seg.count(), seg.sparseIndex(), false);
            }
        }
    }

    /**
     * Where this instance's segments are read from now.
     *
     * @return per segment {base seq, 1 if in the cold directory else 0, object id if in the object store else 0}
     */
    public List<long[]> segmentLocations() {
        List<long[]> out = new ArrayList<>();
        t.lock.lock();
        try {
            RecordStore st = t.live.store();
            for (int i = 0; i < st.size() && !t.ended; i++) {
                Segment seg = st.get(i);
                out.add(new long[] {seg.baseSeq, seg.isCold() ? 1 : 0,
                        seg.inObjects() ? seg.objectSource().objectId() : 0});
            }
        } finally {
            t.lock.unlock();
        }
        return out;
    }

    /**
     * Copies sealed segments beyond the hot retention (newest {@code retainSegments} sealed segments, and
     * at most {@code retainBytes} of them when non-zero) to the cold tier and switches reads to the copies.
     * The copies become authoritative with the next snapshot; the hot files are reclaimed once no retained
     * snapshot names them.
     *
     * @param files both tiers
     * @param retainSegments sealed segments kept hot
     * @param retainBytes bound on hot sealed bytes, 0 = none
     * @return the number of segments moved
     * @throws IOException if a copy fails
     */
    public int moveToCold(SegmentFiles files, int retainSegments, long retainBytes) throws IOException {
        List<Segment> moving = coldCandidates(retainSegments, retainBytes);
        if (moving.isEmpty()) {
            return 0;
        }
        for (Segment seg : moving) {
            files.copyToCold(t.epoch, seg.baseSeq, seg.bytesUsed());
        }
        files.cold().sync();
        int moved = 0;
        for (Segment seg : moving) {
            ByteBuffer mapping = files.map(t.epoch, seg.baseSeq, seg.bytesUsed(), true);
            t.lock.lock();
            try {
                if (isStill(seg) && seg.canMoveCold()) {
                    seg.moveToCold(mapping, files.path(t.epoch, seg.baseSeq, true));
                    moved++;
                }
            } finally {
                t.lock.unlock();
            }
            files.writeIndex(t.epoch, seg.baseSeq, seg.bytesUsed(), seg.count(), seg.sparseIndex(), true);
        }
        return moved;
    }

    /** Whether {@code seg} is still one of this instance's segments; the caller holds the lock. */
    private boolean isStill(Segment seg) {
        RecordStore st = t.live.store();
        int i = st.find(seg.baseSeq);
        return !t.ended && i >= 0 && st.get(i) == seg;
    }

    /**
     * Switches a segment uploaded to the object store to its object, unless it changed meanwhile.
     *
     * @param seg a segment {@link #coldCandidates} returned
     * @param object its object
     * @param flagCaptures {@link Segment#flagCaptures()} when the upload began: if a checkpoint has since
     *        been handed delete flags to write into the file, the upload may lack them and is discarded
     * @return whether it switched
     */
    public boolean switchToObjects(Segment seg, ObjectSource object, int flagCaptures) {
        t.lock.lock();
        try {
            if (isStill(seg) && seg.canMoveCold() && seg.flagCaptures() == flagCaptures) {
                seg.moveToObjects(object);
                return true;
            }
            return false;
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * The segments caps and TTL evict from next, when they live in the object store, so they can be kept
     * cached: the oldest two, so that the cache already holds the next one when eviction drops the oldest.
     *
     * @return those of the two oldest segments in the object store if the topic has a cap or a TTL, else none
     */
    public List<Segment> objectFront() {
        List<Segment> out = new ArrayList<>(2);
        t.lock.lock();
        try {
            RecordStore st = t.live.store();
            boolean evicts = t.config.ttlMs() > 0 || t.config.capRecords() > 0 || t.config.capBytes() > 0;
            for (int i = 0; evicts && !t.ended && i < Math.min(2, st.size()); i++) {
                if (st.get(i).inObjects()) {
                    out.add(st.get(i));
                }
            }
            return out;
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * The sealed segments beyond the hot retention (newest {@code retainSegments} sealed segments, and at
     * most {@code retainBytes} of them when non-zero) that may leave the data directory, oldest last.
     *
     * @param retainSegments sealed segments kept hot
     * @param retainBytes bound on hot sealed bytes, 0 = none
     * @return the segments
     */
    public List<Segment> coldCandidates(int retainSegments, long retainBytes) {
        return coldCandidates(retainSegments, retainBytes, null);
    }

    /**
     * As {@link #coldCandidates(int, long)}, also reading each candidate's {@link Segment#flagCaptures()}
     * under the same lock.
     *
     * @param flagCaptures receives one value per candidate, in order, or null
     * @return the segments
     */
    public List<Segment> coldCandidates(int retainSegments, long retainBytes, List<Integer> flagCaptures) {
        List<Segment> moving = new ArrayList<>();
        t.lock.lock();
        try {
            RecordStore st = t.live.store();
            int hotSealed = 0;
            long hotBytes = 0;
            for (int i = st.size() - 1; i >= 0 && !t.ended; i--) {
                Segment seg = st.get(i);
                if (!seg.isSealed() || seg.isCold() || seg.inObjects()) {
                    continue;
                }
                hotSealed++;
                hotBytes += seg.bytesUsed();
                boolean beyond = hotSealed > retainSegments || (retainBytes > 0 && hotBytes > retainBytes);
                if (beyond && seg.canMoveCold()) {
                    moving.add(seg);
                    if (flagCaptures != null) {
                        flagCaptures.add(seg.flagCaptures());
                    }
                }
            }
        } finally {
            t.lock.unlock();
        }
        return moving;
    }
}

