package dev.seqlog.core.engine;

import java.nio.ByteBuffer;

/**
 * Byte layout of one stored record inside a segment buffer; the same layout is the body of a record in a
 * sealed segment file. All integers are big-endian (ByteBuffer's default).
 *
 * <pre>
 *  offset  size  field
 *  0       4     entry length: header + node + tag + data + meta bytes
 *  4       8     seq
 *  12      8     ts, ms since the epoch
 *  20      1     flags: bit 0 = deleted
 *  21      1     hops (router hop count, 0 for client writes)
 *  22      1     node length, unsigned, 0 = no node
 *  23      2     tag length, unsigned, 0 = no tag
 *  25      4     data length
 *  29      4     meta length, -1 = no meta
 *  33      ...   node bytes, tag bytes, data bytes, meta bytes (UTF-8 / compact JSON)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class RecordLayout {
    static final int LENGTH = 0;
    static final int SEQ = 4;
    static final int TS = 12;
    static final int FLAGS = 20;
    static final int HOPS = 21;
    static final int NODE_LENGTH = 22;
    static final int TAG_LENGTH = 23;
    static final int DATA_LENGTH = 25;
    static final int META_LENGTH = 29;
    static final int HEADER = 33;

    static final byte FLAG_DELETED = 1;

    private RecordLayout() {
    }

    static int entryLength(int nodeLength, int tagLength, int dataLength, int metaLength) {
        return HEADER + nodeLength + tagLength + dataLength + Math.max(metaLength, 0);
    }

    static long seq(ByteBuffer b, int at) {
        return b.getLong(at + SEQ);
    }

    static long ts(ByteBuffer b, int at) {
        return b.getLong(at + TS);
    }

    static boolean isDeleted(ByteBuffer b, int at) {
        return (b.get(at + FLAGS) & FLAG_DELETED) != 0;
    }

    static void markDeleted(ByteBuffer b, int at) {
        b.put(at + FLAGS, (byte) (b.get(at + FLAGS) | FLAG_DELETED));
    }

    static int nodeLength(ByteBuffer b, int at) {
        return b.get(at + NODE_LENGTH) & 0xFF;
    }

    static int tagLength(ByteBuffer b, int at) {
        return b.getShort(at + TAG_LENGTH) & 0xFFFF;
    }

    static int dataLength(ByteBuffer b, int at) {
        return b.getInt(at + DATA_LENGTH);
    }

    static int metaLength(ByteBuffer b, int at) {
        return b.getInt(at + META_LENGTH);
    }

    static int nodeOffset(int at) {
        return at + HEADER;
    }

    static int tagOffset(ByteBuffer b, int at) {
        return at + HEADER + nodeLength(b, at);
    }

    static int dataOffset(ByteBuffer b, int at) {
        return tagOffset(b, at) + tagLength(b, at);
    }

    static int metaOffset(ByteBuffer b, int at) {
        return dataOffset(b, at) + dataLength(b, at);
    }

    /** Accounted size (SEMANTICS §2.3): compact data bytes plus compact meta bytes. */
    static long accountedSize(ByteBuffer b, int at) {
        return (long) dataLength(b, at) + Math.max(metaLength(b, at), 0);
    }
}
