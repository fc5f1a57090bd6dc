package dev.seqlog.core.engine;

import dev.seqlog.core.storage.CorruptionException;
import dev.seqlog.core.storage.SegmentDirectory;
import dev.seqlog.core.storage.SegmentFile;
import dev.seqlog.core.storage.SegmentIndexFile;
import dev.seqlog.core.storage.SparseIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns segment files into in-memory {@link Segment}s: at start-up (a sealed segment is mapped and located
 * through its saved index, rebuilt when missing, short, damaged or stale; the active one is read into a
 * pooled buffer and every entry checked), and after a checkpoint wrote a sealed segment whole.
 *
 * <p>Thread-safe (stateless apart from the directory and the pool).
 */
public final class SegmentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);

    private final SegmentDirectory dir;
    private final BufferPool pool;

    /**
     * @param dir the segments directory
     * @param pool buffers for active segments
     */
    public SegmentFiles(SegmentDirectory dir, BufferPool pool) {
        this.dir = dir;
        this.pool = pool;
    }

    /** @return the directory */
    public SegmentDirectory directory() {
        return dir;
    }

    Path path(long topicId, long baseSeq) {
        return dir.segment(topicId, baseSeq);
    }

    /** Rebuilds the segment a snapshot describes. */
    Segment load(long topicId, SegmentImage image) throws IOException {
        Path p = dir.segment(topicId, image.baseSeq);
        Segment.Meta m = image.meta;
        try (SegmentFile f = SegmentFile.open(dir.fs(), p, topicId, image.baseSeq)) {
            if (m.sealed) {
                ByteBuffer mapping = f.map(m.bytes);
                SparseIndex index = SegmentIndexFile.read(dir.fs(), dir.index(topicId, image.baseSeq), image.baseSeq,
                        m.bytes, m.count);
                if (index == null) {
                    checkEntries(mapping, m, p, null);
                    index = SparseIndex.fromEntries(mapping, m.bytes);
                    SegmentIndexFile.write(dir.fs(), dir.index(topicId, image.baseSeq), image.baseSeq, m.bytes, m.count,
                            index);
                    LOG.info("rebuilt segment index: file={} entries={}", p, m.count);
                }
                return Segment.mapped(image.baseSeq, mapping, index, m, p);
            }
            f.truncateEntries(m.bytes);
            ByteBuffer buf = pool.acquire(Math.max(m.bytes, 1));
            f.read(buf, m.bytes);
            int[] offsets = new int[m.count];
            checkEntries(buf, m, p, offsets);
            return Segment.loaded(image.baseSeq, buf, offsets, m);
        } catch (NoSuchFileException e) {
            throw new CorruptionException("segment file referenced by the snapshot is missing: file=" + p);
        }
    }

    private static void checkEntries(ByteBuffer b, Segment.Meta m, Path p, int[] offsets) throws CorruptionException {
        int n = SegmentFile.scan(b, m.bytes, RecordLayout.HEADER, p, (i, at) -> {
            if (offsets != null && i < offsets.length) {
                offsets[i] = at;
            }
        });
        if (n != m.count) {
            throw new CorruptionException("segment holds " + n + " entries, its snapshot says " + m.count + ": file=" + p);
        }
    }

    /** Maps the first {@code bytes} entry bytes of a segment file a checkpoint wrote. */
    ByteBuffer map(long topicId, long baseSeq, int bytes) throws IOException {
        try (SegmentFile f = SegmentFile.open(dir.fs(), dir.segment(topicId, baseSeq), topicId, baseSeq)) {
            return f.map(bytes);
        }
    }

    /** Saves a sealed segment's sparse index (derived data: no flush). */
    void writeIndex(long topicId, long baseSeq, int bytes, int count, SparseIndex index) throws IOException {
        SegmentIndexFile.write(dir.fs(), dir.index(topicId, baseSeq), baseSeq, bytes, count, index);
    }
}
