package dev.seqlog.core.internal.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The sparse index of a sealed segment: one (entry number, offset) pair for the first entry and then for
 * the first entry starting at least {@link #INTERVAL} bytes after the previous indexed one. Locating a
 * record is a binary search here plus a forward scan of at most about {@code INTERVAL} bytes.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class SparseIndex {
    /** Entry bytes between index points. */
    public static final int INTERVAL = 4096;

    private final int[] numbers;
    private final int[] offsets;

    SparseIndex(int[] numbers, int[] offsets) {
        this.numbers = numbers;
        this.offsets = offsets;
    }

    /**
     * Builds the index from per-entry offsets, as kept for a segment still in memory.
     *
     * @param entryOffsets offset of each entry, ascending
     * @param count how many of them are valid
     * @return the index
     */
    public static SparseIndex fromOffsets(int[] entryOffsets, int count) {
        Builder b = new Builder();
        for (int i = 0; i < count; i++) {
            b.add(i, entryOffsets[i]);
        }
        return b.build();
    }

    /**
     * Builds the index by walking entry lengths (see {@link SegmentFile#ENTRY_LENGTH}); entries must already
     * have been validated.
     *
     * @param entries the entries, offset 0 = the first
     * @param length entry bytes
     * @return the index
     */
    public static SparseIndex fromEntries(ByteBuffer entries, int length) {
        Builder b = new Builder();
        int n = 0;
        for (int at = 0; at < length; at += entries.getInt(at + SegmentFile.ENTRY_LENGTH)) {
            b.add(n++, at);
        }
        return b.build();
    }

    /** @return the number of index points */
    public int size() {
        return numbers.length;
    }

    /** @return the entry number of the i-th point */
    public int number(int i) {
        return numbers[i];
    }

    /** @return the offset of the i-th point */
    public int offset(int i) {
        return offsets[i];
    }

    /**
     * @param number an entry number, at least 0
     * @return the last index point at or before it
     */
    public int floor(int number) {
        int i = Arrays.binarySearch(numbers, number);
        return i >= 0 ? i : -i - 2;
    }

    /** Collects index points in entry order. Not thread-safe. */
    public static final class Builder {
        private int[] numbers = new int[16];
        private int[] offsets = new int[16];
        private int size;
        private int lastOffset = -INTERVAL;

        /**
         * Offers one entry; it becomes an index point if it starts far enough after the previous point.
         *
         * @param number the entry number
         * @param offset its offset
         */
        public void add(int number, int offset) {
            if (offset - lastOffset < INTERVAL) {
                return;
            }
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, size * 2);
                offsets = Arrays.copyOf(offsets, size * 2);
            }
            numbers[size] = number;
            offsets[size] = offset;
            size++;
            lastOffset = offset;
        }

        /** @return the index */
        public SparseIndex build() {
            return new SparseIndex(Arrays.copyOf(numbers, size), Arrays.copyOf(offsets, size));
        }
    }
}
