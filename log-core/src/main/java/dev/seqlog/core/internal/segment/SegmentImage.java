package dev.seqlog.core.internal.segment;

import java.nio.ByteBuffer;

/**
 * What a checkpoint captured of one segment: its metadata, the entry bytes not yet in its file (a copy,
 * starting at entry offset {@code from}), and the entries already in the file whose delete flag must now
 * be set there. Those flags are written after the snapshot that lists them is committed: recovery from
 * that snapshot sets them again, and recovery from an older one never sees them.
 *
 * <p>Confined to the checkpoint pass once captured.
 */
public final class SegmentImage {
    public final long baseSeq;
    public final SegmentMeta meta;
    private final int from;
    private ByteBuffer entries;
    private final int[] flagOffsets;
    public final int[] flagNumbers;

    public SegmentImage(long baseSeq, SegmentMeta meta, int from, ByteBuffer entries, int[] flagOffsets,
                 int[] flagNumbers) {
        this.baseSeq = baseSeq;
        this.meta = meta;
        this.from = from;
        this.entries = entries;
        this.flagOffsets = flagOffsets;
        this.flagNumbers = flagNumbers;
    }

    /** @return the seq of the segment's first entry */
    public long baseSeq() {
        return baseSeq;
    }

    /** @return entry bytes the file must hold after the checkpoint */
    public int bytes() {
        return meta.bytes();
    }

    /** @return whether the segment file lives in the cold tier */
    public boolean cold() {
        return meta.cold();
    }

    /** @return entries in the captured part */
    public int count() {
        return meta.count();
    }

    /** @return entry offset where {@link #entries()} go; 0 means the file is new */
    public int from() {
        return from;
    }

    /** @return the entry bytes to write (position 0 to limit), or null if none */
    public ByteBuffer entries() {
        return entries;
    }

    /** @return offsets of entries whose delete flag must be set in the file */
    public int[] flagOffsets() {
        return flagOffsets;
    }

    /**
     * Hands the copy back to the pool once written.
     *
     * @param pool the engine's buffer pool
     */
    public void releaseEntries(BufferPool pool) {
        if (entries != null) {
            pool.release(entries);
            entries = null;
        }
    }
}
