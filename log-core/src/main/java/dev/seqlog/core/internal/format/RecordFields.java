package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;

/**
 * The field block of one record: the same bytes in an APPEND frame ({@link AppendBody}), in memory and in
 * a segment file, where the engine's RecordLayout places it after the entry framing, seq and ts. Because
 * the block is identical, replay copies it into a segment without re-encoding it.
 *
 * <pre>
 *  offset  size  field                 (relative to the block's first byte)
 *  0       1     hops (router hop count, 0 for client writes)
 *  1       1     node length, unsigned, 0 = no node
 *  2       2     tag length, unsigned, 0 = no tag
 *  4       4     data length
 *  8       4     meta length, -1 = no meta
 *  12      ...   node bytes, tag bytes, data bytes, meta bytes
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class RecordFields {
    /** Offset of the hop count. */
    public static final int HOPS = 0;
    /** Offset of the node length. */
    public static final int NODE_LENGTH = HOPS + 1;
    /** Offset of the tag length. */
    public static final int TAG_LENGTH = NODE_LENGTH + 1;
    /** Offset of the data length. */
    public static final int DATA_LENGTH = TAG_LENGTH + 2;
    /** Offset of the meta length. */
    public static final int META_LENGTH = DATA_LENGTH + 4;
    /** Bytes before the node bytes. */
    public static final int SIZE = META_LENGTH + 4;
    /** Longest node: its length is one unsigned byte. */
    public static final int MAX_NODE = 0xFF;
    /** Longest tag: its length is two unsigned bytes. */
    public static final int MAX_TAG = 0xFFFF;
    /** The meta length that means no meta. */
    public static final int NO_META = -1;

    private RecordFields() {
    }

    /**
     * @param b buffer
     * @param at block start
     * @return the node length
     */
    public static int nodeLength(ByteBuffer b, int at) {
        return b.get(at + NODE_LENGTH) & 0xFF;
    }

    /**
     * @param b buffer
     * @param at block start
     * @return the tag length
     */
    public static int tagLength(ByteBuffer b, int at) {
        return b.getShort(at + TAG_LENGTH) & 0xFFFF;
    }

    /**
     * @param b buffer
     * @param at block start
     * @return the data length
     */
    public static int dataLength(ByteBuffer b, int at) {
        return b.getInt(at + DATA_LENGTH);
    }

    /**
     * @param b buffer
     * @param at block start
     * @return the meta length, {@link #NO_META} for none
     */
    public static int metaLength(ByteBuffer b, int at) {
        return b.getInt(at + META_LENGTH);
    }

    /**
     * @param b buffer
     * @param at block start
     * @return the offset of the tag bytes
     */
    public static int tagOffset(ByteBuffer b, int at) {
        return at + SIZE + nodeLength(b, at);
    }

    /**
     * @param b buffer
     * @param at block start
     * @return the bytes the whole block occupies
     */
    public static int length(ByteBuffer b, int at) {
        return SIZE + nodeLength(b, at) + tagLength(b, at) + dataLength(b, at) + Math.max(metaLength(b, at), 0);
    }

    /**
     * @param b buffer
     * @param at block start
     * @return accounted size (SEMANTICS §2.3): data plus meta bytes
     */
    public static long accountedSize(ByteBuffer b, int at) {
        return (long) dataLength(b, at) + Math.max(metaLength(b, at), 0);
    }
}
