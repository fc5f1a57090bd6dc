package dev.seqlog.core.internal.tier;

import dev.seqlog.core.internal.segment.ObjectSource;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.storage.SparseIndex;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One tiered segment in the cache: its sparse index, the chunks it is cut into, which of them are present,
 * and the mapping of its file. Chunk {@code k} holds entries {@code [chunkNumber(k), chunkNumber(k + 1))} at
 * entry offsets {@code [chunkOffset(k), chunkOffset(k + 1))}; chunks start at index points at least
 * {@code chunkBytes} apart. A fetch writes chunks into the file, maps it again and only then marks them
 * present, so a reader that sees a chunk present and then takes {@link #entries()} sees its bytes.
 *
 * <p>Thread-safe: the chunk state is guarded by this object; fetches serialise on {@link #fetchLock}.
 */
final class CachedSegment implements ObjectSource.Resident {
    final String key;
    final Path file;
    final int bytes;
    final Object fetchLock = new Object();
    volatile boolean evicted;
    private final int[] numbers;
    private final int[] offsets;
    private final BitSet present;
    private SparseIndex index;
    private volatile ByteBuffer entries;
    private long presentBytes;

    /**
     * @param index the saved sparse index, or null to treat the segment as one chunk (indexed once fetched)
     * @param mapping the mapping of the (still empty) file, or null
     */
    CachedSegment(String key, Path file, int bytes, SparseIndex index, int count, int chunkBytes,
                  ByteBuffer mapping) {
        this.key = key;
        this.file = file;
        this.bytes = bytes;
        this.index = index;
        this.entries = mapping;
        int[] n = new int[8];
        int[] o = new int[8];
        int k = 0;
        n[k] = 0;
        o[k++] = 0;
        for (int i = 0; index != null && i < index.size(); i++) {
            if (index.offset(i) - o[k - 1] >= chunkBytes) {
                if (k + 1 >= n.length) {
                    n = Arrays.copyOf(n, n.length * 2);
                    o = Arrays.copyOf(o, o.length * 2);
                }
                n[k] = index.number(i);
                o[k++] = index.offset(i);
            }
        }
        n[k] = count;
        o[k] = bytes;
        this.numbers = Arrays.copyOf(n, k + 1);
        this.offsets = Arrays.copyOf(o, k + 1);
        this.present = new BitSet(k);
    }

    /** @return the number of chunks */
    int chunks() {
        return numbers.length - 1;
    }

    int chunkNumber(int k) {
        return numbers[k];
    }

    int chunkOffset(int k) {
        return offsets[k];
    }

    /** @return the chunk holding entry {@code number} */
    int chunkOf(int number) {
        int i = Arrays.binarySearch(numbers, 0, numbers.length - 1, number);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * The runs of missing chunks in {@code [from, to)}, each cut at chunk boundaries to at most
     * {@code maxBytes} (a single larger chunk stays whole).
     *
     * @return {from, to} pairs
     */
    synchronized List<int[]> missingRuns(int from, int to, int maxBytes) {
        List<int[]> runs = new ArrayList<>();
        int k = present.nextClearBit(from);
        while (k < to) {
            int end = k + 1;
            while (end < to && !present.get(end) && offsets[end + 1] - offsets[k] <= maxBytes) {
                end++;
            }
            runs.add(new int[] {k, end});
            k = present.nextClearBit(end);
        }
        return runs;
    }

    /** Marks fetched runs present, with the mapping that shows them. */
    synchronized void present(List<int[]> runs, ByteBuffer mapping) {
        entries = mapping;
        for (int[] r : runs) {
            present.set(r[0], r[1]);
            presentBytes += offsets[r[1]] - offsets[r[0]];
        }
        if (index == null && isComplete()) {
            index = SparseIndex.fromEntries(mapping, bytes);
        }
    }

    synchronized long presentBytes() {
        return presentBytes;
    }

    private boolean isComplete() {
        return present.nextClearBit(0) >= chunks();
    }

    @Override
    public synchronized boolean complete() {
        return isComplete();
    }

    @Override
    public synchronized long readable(int number) {
        int k = chunkOf(number);
        if (!present.get(k)) {
            return -1;
        }
        int from = k;
        while (from > 0 && present.get(from - 1)) {
            from--;
        }
        int to = present.nextClearBit(k);
        return (long) numbers[from] << 32 | numbers[Math.min(to, chunks())];
    }

    @Override
    public ByteBuffer entries() {
        return entries;
    }

    @Override
    public synchronized SparseIndex index() {
        return index;
    }

    @Override
    public Object file() {
        return file;
    }

    @Override
    public boolean evicted() {
        return evicted;
    }
}
