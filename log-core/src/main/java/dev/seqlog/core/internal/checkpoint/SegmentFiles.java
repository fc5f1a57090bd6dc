package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.internal.segment.BufferPool;
import dev.seqlog.core.internal.segment.RecordLayout;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.segment.SegmentMeta;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.storage.SegmentDirectory;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.storage.SegmentIndexFile;
import dev.seqlog.core.internal.storage.SparseIndex;
import dev.seqlog.core.internal.tier.ObjectTiering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns segment files into in-memory {@link Segment}s: at start-up (a sealed segment is mapped and located
 * through its saved index, rebuilt when missing, short, damaged or stale; the active one is read into a
 * pooled buffer and every entry checked), and after a checkpoint wrote a sealed segment whole. Knows both
 * tiers: the data directory's {@code segments/} and, when configured, the cold directory.
 *
 * <p>Thread-safe (stateless apart from the directory and the pool).
 */
public final class SegmentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);

    private final SegmentDirectory hot;
    private final SegmentDirectory cold;
    private final ObjectTiering objects;
    private final BufferPool pool;

    /**
     * @param hot the data directory's segments directory
     * @param cold the cold-tier directory, or null when tiering is off
     * @param pool buffers for active segments
     */
    public SegmentFiles(SegmentDirectory hot, SegmentDirectory cold, BufferPool pool) {
        this(hot, cold, null, pool);
    }

    /**
     * @param hot the data directory's segments directory
     * @param cold the cold-tier directory, or null
     * @param objects the object-store tier, or null
     * @param pool buffers for active segments
     */
    public SegmentFiles(SegmentDirectory hot, SegmentDirectory cold, ObjectTiering objects, BufferPool pool) {
        this.hot = hot;
        this.cold = cold;
        this.objects = objects;
        this.pool = pool;
    }

    /** @return the object-store tier, or null */
    public ObjectTiering objects() {
        return objects;
    }



    /** @return the data directory's segments directory */
    public SegmentDirectory hot() {
        return hot;
    }

    /** @return the cold-tier directory, or null */
    public SegmentDirectory cold() {
        return cold;
    }

    /**
     * @param isCold which tier
     * @return that tier's directory
     * @throws CorruptionException if the cold tier is asked for but not configured
     */
    public SegmentDirectory tier(boolean isCold) throws CorruptionException {
        if (!isCold) {
            return hot;
        }
        if (cold == null) {
            throw new CorruptionException("the snapshot references cold-tier segments but no cold directory is "
                    + "configured (SEQLOG_COLD_DIR)");
        }
        return cold;
    }

    public Path path(long topicId, long baseSeq, boolean isCold) throws CorruptionException {
        return tier(isCold).segment(topicId, baseSeq);
    }

    /**
     * The hot files of segments an image places in the object store, those that exist.
     *
     * @param image the image
     * @return their paths
     */
    public java.util.Set<Path> hotCopiesOfObjects(CheckpointImage image) {
        java.util.Set<Path> out = new java.util.HashSet<>();
        for (TopicImage t : image.topics()) {
            for (SegmentImage s : t.segments()) {
                Path p = hot.segment(t.id(), s.baseSeq());
                if (s.meta.inObjects() && hot.fs().exists(p)) {
                    out.add(p);
                    out.add(hot.index(t.id(), s.baseSeq()));
                }
            }
        }
        return out;
    }

    /**
     * A segment the snapshot places in the object store is read from its hot file if one exists: the same
     * bytes, with the flags up to the upload (the snapshot lists the deletes since). It is tiered again later.
     */
    private SegmentMeta localMeta(long topicId, SegmentImage image) {
        SegmentMeta m = image.meta;
        if (m.inObjects() && hot.fs().exists(hot.segment(topicId, image.baseSeq))) {
            return new SegmentMeta(m.count(), m.bytes(), m.sealed(), m.undeletedCount(), m.undeletedBytes(),
                    m.taggedCount(), m.firstTs(), m.lastTs(), false);
        }
        return m;
    }

    /** Rebuilds the segment a snapshot describes. */
    public Segment load(long topicId, SegmentImage image) throws IOException {
        SegmentMeta m = localMeta(topicId, image);
        if (m.inObjects()) {
            if (objects == null) {
                throw new CorruptionException("the snapshot references segments in an object store but none is "
                        + "configured (SEQLOG_S3_BUCKET): topicId=" + topicId + " baseSeq=" + image.baseSeq);
            }
            return Segment.inObjects(image.baseSeq, m,
                    objects.source(topicId, image.baseSeq, m.bytes(), m.count(), m.objectId()));
        }
        SegmentDirectory dir = tier(m.cold());
        Path p = dir.segment(topicId, image.baseSeq);
        try (SegmentFile f = SegmentFile.open(dir.fs(), p, topicId, image.baseSeq)) {
            if (m.sealed()) {
                ByteBuffer mapping = f.map(m.bytes());
                SparseIndex index = SegmentIndexFile.read(dir.fs(), dir.index(topicId, image.baseSeq), image.baseSeq,
                        m.bytes(), m.count());
                if (index == null) {
                    checkEntries(mapping, m, p, null);
                    index = SparseIndex.fromEntries(mapping, m.bytes());
                    SegmentIndexFile.write(dir.fs(), dir.index(topicId, image.baseSeq), image.baseSeq, m.bytes(), m.count(),
                            index);
                    LOG.info("rebuilt segment index: file={} entries={}", p, m.count());
                }
                long id = topicId;
                return Segment.mapped(image.baseSeq, mapping, index, m, p,
                        at -> checkFile(id, image.baseSeq, m, (Path) at));
            }
            f.truncateEntries(m.bytes());
            ByteBuffer buf = pool.acquire(Math.max(m.bytes(), 1));
            f.read(buf, m.bytes());
            int[] offsets = new int[m.count()];
            checkEntries(buf, m, p, offsets);
            return Segment.loaded(image.baseSeq, buf, offsets, m);
        } catch (NoSuchFileException e) {
            throw new CorruptionException("segment file referenced by the snapshot is missing: file=" + p);
        }
    }

    /** Reads a sealed segment's file (plain reads, through a pooled buffer) and checks every entry. */
    private void checkFile(long topicId, long baseSeq, SegmentMeta m, Path p) throws IOException {
        ByteBuffer buf = pool.acquire(Math.max(m.bytes(), 1));
        try (SegmentFile f = SegmentFile.open(hot.fs(), p, topicId, baseSeq)) {
            f.read(buf, m.bytes());
            checkEntries(buf, m, p, null);
        } finally {
            pool.release(buf);
        }
    }

    private static void checkEntries(ByteBuffer b, SegmentMeta m, Path p, int[] offsets) throws CorruptionException {
        int n = SegmentFile.scan(b, m.bytes(), RecordLayout.HEADER, p, (i, at) -> {
            if (offsets != null && i < offsets.length) {
                offsets[i] = at;
            }
        });
        if (n != m.count()) {
            throw new CorruptionException("segment holds " + n + " entries, its snapshot says " + m.count() + ": file=" + p);
        }
    }

    /** Maps the first {@code bytes} entry bytes of a segment file a checkpoint wrote. */
    public ByteBuffer map(long topicId, long baseSeq, int bytes, boolean isCold) throws IOException {
        SegmentDirectory dir = tier(isCold);
        try (SegmentFile f = SegmentFile.open(dir.fs(), dir.segment(topicId, baseSeq), topicId, baseSeq)) {
            return f.map(bytes);
        }
    }

    /** Saves a sealed segment's sparse index beside it (derived data: no flush). */
    public void writeIndex(long topicId, long baseSeq, int bytes, int count, SparseIndex index, boolean isCold)
            throws IOException {
        SegmentDirectory dir = tier(isCold);
        SegmentIndexFile.write(dir.fs(), dir.index(topicId, baseSeq), baseSeq, bytes, count, index);
    }

    /**
     * Copies a sealed hot segment file to the cold tier and flushes the copy (the caller flushes the cold
     * directory). The copy becomes authoritative only once a snapshot records it.
     */
    public void copyToCold(long topicId, long baseSeq, int bytes) throws IOException {
        SegmentDirectory to = tier(true);
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(bytes + SegmentFile.HEADER, 1 << 20));
        try (SegmentFile src = SegmentFile.open(hot.fs(), hot.segment(topicId, baseSeq), topicId, baseSeq);
             SegmentFile dst = SegmentFile.create(to.fs(), to.segment(topicId, baseSeq), topicId, baseSeq)) {
            for (int at = 0; at < bytes; at += buf.capacity()) {
                int n = Math.min(buf.capacity(), bytes - at);
                buf.clear().limit(n);
                src.readAt(buf, at);
                buf.flip();
                dst.write(buf, at);
            }
            dst.sync();
        }
    }
}
