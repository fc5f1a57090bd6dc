package dev.seqlog.core.internal.segment;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The records of one topic instance: an ordered run of {@link Segment}s located by seq with a binary
 * search over their base seqs. Seqs between segments hold no record (deleted, or in a loss range). The
 * last segment is the active one; the others are sealed.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
public final class RecordStore {
    private final BufferPool pool;
    private final int maxRecords;
    private final int maxBytes;
    private final long maxAgeMs;
    private Segment[] segments = new Segment[8];
    private int first;
    private int end;

    public RecordStore(BufferPool pool, int maxRecords, int maxBytes, long maxAgeMs) {
        this.pool = pool;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.maxAgeMs = maxAgeMs;
    }

    BufferPool pool() {
        return pool;
    }

    public int size() {
        return end - first;
    }

    /** The i-th segment in seq order. */
    public Segment get(int i) {
        return segments[first + i];
    }

    /**
     * Index of the segment holding {@code seq}, or {@code -(i + 1)} where {@code i} is the index of the first
     * segment starting above {@code seq} (which may be {@link #size()}).
     */
    public int find(long seq) {
        int lo = first;
        int hi = end - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segments[mid];
            if (seq < s.baseSeq) {
                hi = mid - 1;
            } else if (seq >= s.endSeq()) {
                lo = mid + 1;
            } else {
                return mid - first;
            }
        }
        return -(lo - first) - 1;
    }

    /**
     * The base seq of the first segment above a gap, given the negative result of {@link #find}, or
     * {@code fallback} when no segment follows.
     */
    public long baseAfterGap(int notFound, long fallback) {
        int next = -notFound - 1;
        return next < size() ? get(next).baseSeq : fallback;
    }

    /** Appends one record already laid out from {@code hops} on (see {@link Segment#appendLaidOut}). */
    public void appendLaidOut(long seq, long ts, ByteBuffer src, int at, int fieldsLength) {
        segmentFor(seq, RecordLayout.HOPS + fieldsLength, ts).appendLaidOut(seq, ts, src, at, fieldsLength);
    }

    /** Appends one record at {@code seq}, starting a new segment when needed. */
    public void append(long seq, long ts, int hops, byte[] node, byte[] tag, byte[] data, int dataOff, int dataLen,
                byte[] meta) {
        int len = RecordLayout.entryLength(node == null ? 0 : node.length, tag == null ? 0 : tag.length, dataLen,
                meta == null ? -1 : meta.length);
        segmentFor(seq, len, ts).append(seq, ts, hops, node, tag, data, dataOff, dataLen, meta);
    }

    /** The segment the entry for {@code seq} of {@code len} bytes goes into, rolling or growing as needed. */
    private Segment segmentFor(long seq, int len, long ts) {
        Segment active = end > first ? segments[end - 1] : null;
        if (active == null || active.isSealed() || active.endSeq() != seq || active.count() >= maxRecords
                || tooOld(active, ts)) {
            active = roll(seq, len);
        } else if (!active.hasRoom(len)) {
            int needed = active.bytesUsed() + len;
            if (needed <= maxBytes) {
                pool.release(active.growInto(pool.acquire(Math.max(needed, active.capacity() * 2))));
            } else {
                active = roll(seq, len);
            }
        }
        return active;
    }

    private boolean tooOld(Segment active, long ts) {
        return maxAgeMs > 0 && active.count() > 0 && ts - active.firstTs() >= maxAgeMs;
    }

    /** Seals the active segment if its first record is at least the maximum age old at {@code now}. */
    public void sealIfAged(long now) {
        if (end > first && !segments[end - 1].isSealed() && tooOld(segments[end - 1], now)) {
            sealActive();
        }
    }

    private void sealActive() {
        Segment done = segments[end - 1];
        if (done.isSealed()) {
            return;
        }
        done.seal();
        if (!done.isMapped() && done.capacity() - done.bytesUsed() > done.capacity() / 4) {
            // a sealed segment never grows again: give it a buffer of its exact size and recycle the larger one
            pool.release(done.growInto(ByteBuffer.allocateDirect(done.bytesUsed())));
        }
    }

    private Segment roll(long baseSeq, int firstEntryLength) {
        if (end > first) {
            sealActive();
        }
        Segment s = new Segment(baseSeq, pool.acquire(Math.max(firstEntryLength, BufferPool.MIN_CAPACITY)));
        add(s);
        return s;
    }

    /** Adds a segment restored at start-up after the ones already present. */
    public void restore(Segment s) {
        add(s);
    }

    private void add(Segment s) {
        if (end == segments.length) {
            if (first > segments.length / 2) {
                System.arraycopy(segments, first, segments, 0, end - first);
                Arrays.fill(segments, end - first, end, null);
                end -= first;
                first = 0;
            } else {
                segments = Arrays.copyOf(segments, segments.length * 2);
            }
        }
        segments[end++] = s;
    }

    /** Drops every segment that ends at or below {@code seq}, handing each to {@code onDrop} first. */
    public void dropBelow(long seq, Consumer<Segment> onDrop) {
        while (end > first && segments[first].endSeq() <= seq) {
            Segment s = segments[first];
            segments[first++] = null;
            onDrop.accept(s);
            s.release(pool);
        }
        if (first == end) {
            first = 0;
            end = 0;
        }
    }

    /** Drops the i-th segment (one whose records are all deleted). */
    public void remove(int i, Consumer<Segment> onDrop) {
        int at = first + i;
        Segment s = segments[at];
        System.arraycopy(segments, at + 1, segments, at, end - at - 1);
        segments[--end] = null;
        onDrop.accept(s);
        s.release(pool);
    }

    /** Releases every buffer; the store is empty afterwards. */
    public void clear() {
        for (int i = first; i < end; i++) {
            segments[i].release(pool);
            segments[i] = null;
        }
        first = 0;
        end = 0;
    }
}
