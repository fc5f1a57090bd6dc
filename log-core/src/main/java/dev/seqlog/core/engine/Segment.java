package dev.seqlog.core.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A run of consecutive seqs {@code [baseSeq, baseSeq + count)} whose records sit back to back in one
 * direct buffer (layout: {@link RecordLayout}), located by an {@code int[]} of entry offsets. While active
 * it grows by doubling its buffer; once sealed it never changes except for delete flags.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class Segment {
    private static final int INITIAL_SLOTS = 64;

    final long baseSeq;
    private ByteBuffer buf;
    private int[] offsets = new int[INITIAL_SLOTS];
    private int count;
    private int writePos;
    private boolean sealed;
    private long lastTs = Long.MIN_VALUE;
    /** Records not flagged deleted (records below the topic's earliest seq are still counted). */
    private int undeletedCount;
    private long undeletedBytes;

    Segment(long baseSeq, ByteBuffer buf) {
        this.baseSeq = baseSeq;
        this.buf = buf;
    }

    long endSeq() {
        return baseSeq + count;
    }

    int count() {
        return count;
    }

    boolean isSealed() {
        return sealed;
    }

    ByteBuffer buffer() {
        return buf;
    }

    int bytesUsed() {
        return writePos;
    }

    int capacity() {
        return buf.capacity();
    }

    long lastTs() {
        return lastTs;
    }

    int undeletedCount() {
        return undeletedCount;
    }

    long undeletedBytes() {
        return undeletedBytes;
    }

    /** Offset of the entry for {@code seq}, which must lie in this segment. */
    int offsetOf(long seq) {
        return offsets[(int) (seq - baseSeq)];
    }

    boolean hasRoom(int entryLength) {
        return writePos + entryLength <= buf.capacity();
    }

    /** Moves the content to a larger buffer; returns the old one for the pool. */
    ByteBuffer growInto(ByteBuffer bigger) {
        ByteBuffer old = buf;
        bigger.put(0, old, 0, writePos);
        buf = bigger;
        return old;
    }

    /** Appends one record; the caller checked {@link #hasRoom}. */
    void append(long seq, long ts, int hops, byte[] node, byte[] tag, byte[] data, int dataOff, int dataLen,
                byte[] meta) {
        int metaLen = meta == null ? -1 : meta.length;
        int nodeLen = node == null ? 0 : node.length;
        int tagLen = tag == null ? 0 : tag.length;
        int len = RecordLayout.entryLength(nodeLen, tagLen, dataLen, metaLen);
        int at = writePos;
        ByteBuffer b = buf;
        b.putInt(at + RecordLayout.LENGTH, len);
        b.putLong(at + RecordLayout.SEQ, seq);
        b.putLong(at + RecordLayout.TS, ts);
        b.put(at + RecordLayout.FLAGS, (byte) 0);
        b.put(at + RecordLayout.HOPS, (byte) hops);
        b.put(at + RecordLayout.NODE_LENGTH, (byte) nodeLen);
        b.putShort(at + RecordLayout.TAG_LENGTH, (short) tagLen);
        b.putInt(at + RecordLayout.DATA_LENGTH, dataLen);
        b.putInt(at + RecordLayout.META_LENGTH, metaLen);
        int p = at + RecordLayout.HEADER;
        if (nodeLen > 0) {
            b.put(p, node);
            p += nodeLen;
        }
        if (tagLen > 0) {
            b.put(p, tag);
            p += tagLen;
        }
        b.put(p, data, dataOff, dataLen);
        p += dataLen;
        if (metaLen > 0) {
            b.put(p, meta);
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = at;
        writePos = at + len;
        lastTs = ts;
        undeletedCount++;
        undeletedBytes += (long) dataLen + Math.max(metaLen, 0);
    }

    /**
     * Appends one record whose fields from {@code hops} on are already laid out as in {@link RecordLayout}
     * (the WAL's per-record layout), copying them verbatim; the caller checked {@link #hasRoom}.
     */
    void appendLaidOut(long seq, long ts, ByteBuffer src, int at, int fieldsLength) {
        int len = RecordLayout.HOPS + fieldsLength;
        int pos = writePos;
        ByteBuffer b = buf;
        b.putInt(pos + RecordLayout.LENGTH, len);
        b.putLong(pos + RecordLayout.SEQ, seq);
        b.putLong(pos + RecordLayout.TS, ts);
        b.put(pos + RecordLayout.FLAGS, (byte) 0);
        b.put(pos + RecordLayout.HOPS, src, at, fieldsLength);
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = pos;
        writePos = pos + len;
        lastTs = ts;
        undeletedCount++;
        undeletedBytes += RecordLayout.accountedSize(b, pos);
    }

    /** Seals the segment: no more appends; trims the offset index to its exact size. */
    void seal() {
        if (!sealed) {
            sealed = true;
            if (offsets.length != count) {
                offsets = Arrays.copyOf(offsets, count);
            }
        }
    }

    boolean isDeleted(long seq) {
        return RecordLayout.isDeleted(buf, offsetOf(seq));
    }

    /** Flags {@code seq} deleted and returns its accounted size, or -1 if it already was. */
    long markDeleted(long seq) {
        int at = offsetOf(seq);
        if (RecordLayout.isDeleted(buf, at)) {
            return -1;
        }
        RecordLayout.markDeleted(buf, at);
        long size = RecordLayout.accountedSize(buf, at);
        undeletedCount--;
        undeletedBytes -= size;
        return size;
    }

    long ts(long seq) {
        return RecordLayout.ts(buf, offsetOf(seq));
    }

    long accountedSize(long seq) {
        return RecordLayout.accountedSize(buf, offsetOf(seq));
    }

    /** Highest seq in this segment whose ts is below {@code cutoff}, or baseSeq - 1 if none (ts ascend). */
    long lastSeqWithTsBelow(long cutoff) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (RecordLayout.ts(buf, offsets[mid]) < cutoff) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return baseSeq + lo - 1;
    }
}
