package dev.seqlog.core.internal.segment;

import dev.seqlog.core.internal.storage.SparseIndex;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where each entry of a segment starts. In memory: an {@code int[]} of every entry's offset, grown by doubling
 * as records are appended. Mapped (from its file, the cold tier or the object-store cache): a
 * {@link SparseIndex} and a forward scan over the entries' length fields, with the last lookup remembered so
 * that sequential access never searches.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock, like its segment.
 */
final class EntryLocator {
    private static final int INITIAL_SLOTS = 64;

    private int[] offsets;
    private SparseIndex sparse;
    private long cursorSeq = -1;
    private int cursorAt;

    private EntryLocator(int[] offsets, SparseIndex sparse) {
        this.offsets = offsets;
        this.sparse = sparse;
    }

    /** @return a locator for a new, empty segment in memory */
    static EntryLocator inMemory() {
        return new EntryLocator(new int[INITIAL_SLOTS], null);
    }

    /** @return a locator over the offsets of entries loaded into memory */
    static EntryLocator loaded(int[] entryOffsets) {
        return new EntryLocator(entryOffsets.length >= INITIAL_SLOTS ? entryOffsets
                : Arrays.copyOf(entryOffsets, INITIAL_SLOTS), null);
    }

    /** @return a locator over a mapping, through its sparse index (null until the bytes are there) */
    static EntryLocator mapped(SparseIndex sparse) {
        return new EntryLocator(null, sparse);
    }

    boolean isMapped() {
        return offsets == null;
    }

    SparseIndex sparse() {
        return sparse;
    }

    /** Records the offset of the entry appended as number {@code n}. */
    void added(int n, int at) {
        if (n == offsets.length) {
            offsets = Arrays.copyOf(offsets, n * 2);
        }
        offsets[n] = at;
    }

    /** Trims the in-memory offsets to {@code count} entries (the segment is sealed). */
    void trim(int count) {
        if (offsets != null && offsets.length != count) {
            offsets = Arrays.copyOf(offsets, count);
        }
    }

    /** Switches from the in-memory offsets of {@code count} entries to a sparse index over the same layout. */
    void toSparse(int count) {
        sparse = SparseIndex.fromOffsets(offsets, count);
        offsets = null;
        cursorSeq = -1;
    }

    /** Reads through another mapping from now on, with its index. */
    void remap(SparseIndex index) {
        sparse = index;
        cursorSeq = -1;
    }

    /** The bytes moved (same layout, same index): forget where the last lookup landed. */
    void forgetCursor() {
        cursorSeq = -1;
    }

    /**
     * Offset of the entry for {@code seq}, which must lie in the segment.
     *
     * @param seq the seq
     * @param baseSeq the segment's first seq
     * @param buf the entries
     * @param source what a mapped segment reads, checked before a search and blamed for a wrong index
     * @return the offset
     */
    int offsetOf(long seq, long baseSeq, ByteBuffer buf, SegmentSource source) {
        if (offsets != null) {
            return offsets[(int) (seq - baseSeq)];
        }
        if (seq == cursorSeq) {
            return cursorAt;
        }
        int at;
        if (seq == cursorSeq + 1 && cursorSeq >= 0) {
            at = cursorAt + buf.getInt(cursorAt + RecordLayout.LENGTH);
        } else {
            source.requireIntact();
            int n = (int) (seq - baseSeq);
            int i = sparse.floor(n);
            at = sparse.offset(i);
            for (int k = sparse.number(i); k < n; k++) {
                at += buf.getInt(at + RecordLayout.LENGTH);
            }
            if (RecordLayout.seq(buf, at) != seq) {
                throw source.corruption("sparse index points at seq " + RecordLayout.seq(buf, at) + " for seq " + seq);
            }
        }
        cursorSeq = seq;
        cursorAt = at;
        return at;
    }
}
