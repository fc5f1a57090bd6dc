package dev.seqlog.core.internal.segment;

import dev.seqlog.core.internal.format.RecordFields;
import dev.seqlog.core.internal.storage.SegmentFile;

import java.nio.ByteBuffer;

/**
 * Byte layout of one stored record inside a segment buffer; the same layout is the body of a record in a
 * sealed segment file. All integers are big-endian (ByteBuffer's default).
 *
 * <pre>
 *  offset  size  field
 *  0       4     entry length: header + node + tag + data + meta bytes
 *  4       4     CRC32C of the entry, filled in when it is written to a segment file (0 before)
 *  8       1     flags: exactly 1 = deleted
 *  9       8     seq
 *  17      8     ts, ms since the epoch
 *  25      1     hops (router hop count, 0 for client writes)
 *  26      1     node length, unsigned, 0 = no node
 *  27      2     tag length, unsigned, 0 = no tag
 *  29      4     data length
 *  33      4     meta length, -1 = no meta
 *  37      ...   node bytes, tag bytes, data bytes, meta bytes (UTF-8 / compact JSON)
 * </pre>
 *
 * <p>The first nine bytes are the entry framing of {@link SegmentFile}, whose checksum skips the flag byte.
 * From {@code hops} on, the entry is a {@link RecordFields} block, the same bytes an APPEND frame carries.
 *
 * <p>Stateless; thread-safe.
 */
public final class RecordLayout {
    static final int LENGTH = SegmentFile.ENTRY_LENGTH;
    static final int CRC = SegmentFile.ENTRY_CRC;
    static final int FLAGS = SegmentFile.ENTRY_FLAGS;
    static final int SEQ = SegmentFile.ENTRY_FIELDS;
    static final int TS = SEQ + 8;
    static final int HOPS = TS + 8;
    static final int NODE_LENGTH = HOPS + RecordFields.NODE_LENGTH;
    static final int TAG_LENGTH = HOPS + RecordFields.TAG_LENGTH;
    static final int DATA_LENGTH = HOPS + RecordFields.DATA_LENGTH;
    static final int META_LENGTH = HOPS + RecordFields.META_LENGTH;
    public static final int HEADER = HOPS + RecordFields.SIZE;

    private RecordLayout() {
    }

    static int entryLength(int nodeLength, int tagLength, int dataLength, int metaLength) {
        return HEADER + nodeLength + tagLength + dataLength + Math.max(metaLength, 0);
    }

    /**
     * Writes one entry at {@code at}, its checksum zero and not deleted.
     *
     * @return the entry length
     */
    static int write(ByteBuffer b, int at, long seq, long ts, int hops, byte[] node, byte[] tag, byte[] data,
                     int dataOff, int dataLen, byte[] meta) {
        int metaLen = meta == null ? -1 : meta.length;
        int nodeLen = node == null ? 0 : node.length;
        int tagLen = tag == null ? 0 : tag.length;
        int len = entryLength(nodeLen, tagLen, dataLen, metaLen);
        framing(b, at, len, seq, ts);
        b.put(at + HOPS, (byte) hops);
        b.put(at + NODE_LENGTH, (byte) nodeLen);
        b.putShort(at + TAG_LENGTH, (short) tagLen);
        b.putInt(at + DATA_LENGTH, dataLen);
        b.putInt(at + META_LENGTH, metaLen);
        int p = at + HEADER;
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
        return len;
    }

    /**
     * Writes one entry at {@code at} whose fields from {@code hops} on are a {@link RecordFields} block already
     * laid out in {@code src} (an APPEND frame's), copied verbatim.
     *
     * @return the entry length
     */
    static int writeLaidOut(ByteBuffer b, int at, long seq, long ts, ByteBuffer src, int from, int fieldsLength) {
        int len = HOPS + fieldsLength;
        framing(b, at, len, seq, ts);
        b.put(at + HOPS, src, from, fieldsLength);
        return len;
    }

    private static void framing(ByteBuffer b, int at, int len, long seq, long ts) {
        b.putInt(at + LENGTH, len);
        b.putInt(at + CRC, 0);
        b.put(at + FLAGS, (byte) 0);
        b.putLong(at + SEQ, seq);
        b.putLong(at + TS, ts);
    }

    /** @return the whole entry's length in bytes, header included */
    public static int entryLength(ByteBuffer b, int at) {
        return b.getInt(at + LENGTH);
    }

    /** @return the entry's seq */
    public static long seq(ByteBuffer b, int at) {
        return b.getLong(at + SEQ);
    }

    public static long ts(ByteBuffer b, int at) {
        return b.getLong(at + TS);
    }

    static boolean isDeleted(ByteBuffer b, int at) {
        return b.get(at + FLAGS) == SegmentFile.DELETED;
    }

    static void markDeleted(ByteBuffer b, int at) {
        b.put(at + FLAGS, SegmentFile.DELETED);
    }

    /**
     * @param b a buffer
     * @param at an entry's offset
     * @return its router hop count
     */
    public static int hops(ByteBuffer b, int at) {
        return b.get(at + HOPS) & 0xFF;
    }

    /**
     * @param b a buffer
     * @param at an entry's offset
     * @return its node length
     */
    public static int nodeLength(ByteBuffer b, int at) {
        return RecordFields.nodeLength(b, at + HOPS);
    }

    public static int tagLength(ByteBuffer b, int at) {
        return RecordFields.tagLength(b, at + HOPS);
    }

    public static int dataLength(ByteBuffer b, int at) {
        return RecordFields.dataLength(b, at + HOPS);
    }

    public static int metaLength(ByteBuffer b, int at) {
        return RecordFields.metaLength(b, at + HOPS);
    }

    public static int nodeOffset(int at) {
        return at + HEADER;
    }

    public static int tagOffset(ByteBuffer b, int at) {
        return at + HEADER + nodeLength(b, at);
    }

    public static int dataOffset(ByteBuffer b, int at) {
        return tagOffset(b, at) + tagLength(b, at);
    }

    public static int metaOffset(ByteBuffer b, int at) {
        return dataOffset(b, at) + dataLength(b, at);
    }

    /** Accounted size (SEMANTICS §2.3): compact data bytes plus compact meta bytes. */
    public static long accountedSize(ByteBuffer b, int at) {
        return (long) dataLength(b, at) + Math.max(metaLength(b, at), 0);
    }
}
