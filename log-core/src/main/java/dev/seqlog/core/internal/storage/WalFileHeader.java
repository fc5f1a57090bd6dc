package dev.seqlog.core.internal.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The fixed header at the start of every WAL file. A reader refuses an unknown magic or version.
 *
 * <pre>
 *  offset  size  field
 *  0       4     magic 0x53514C57 ("SQLW")
 *  4       2     format version (2: frame bodies carry a per-topic log sequence number)
 *  6       2     shard index the file was written by
 *  8       8     generation: a number unique to this file within the data directory
 *  16      8     boot: the engine start that wrote the file (orders files across shard-count changes)
 *  24      4     CRC32C of bytes 0..23
 *  28      36    reserved, zero
 *  64            first frame
 * </pre>
 *
 * <p>Immutable value; thread-safe.
 */
public final class WalFileHeader {
    /** Bytes reserved for the header; frames start here. */
    public static final int SIZE = 64;
    static final int MAGIC = 0x53514C57;
    static final short VERSION = 2;
    private static final int CRC_OFFSET = 24;

    final int shard;
    final long generation;
    final long boot;

    WalFileHeader(int shard, long generation, long boot) {
        this.shard = shard;
        this.generation = generation;
        this.boot = boot;
    }

    /** @return the shard index */
    public int shard() {
        return shard;
    }

    /** @return the file's generation */
    public long generation() {
        return generation;
    }

    /** @return the engine start that wrote it */
    public long boot() {
        return boot;
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(0, MAGIC);
        b.putShort(4, VERSION);
        b.putShort(6, (short) shard);
        b.putLong(8, generation);
        b.putLong(16, boot);
        b.putInt(CRC_OFFSET, crc(b));
        return b;
    }

    /**
     * Decodes and checks a header.
     *
     * @param b the first {@link #SIZE} bytes of a file
     * @param file for messages
     * @return the header, or null if the bytes are not a complete valid header (a file torn at creation)
     * @throws UnsupportedFormatException for a valid header of an unknown version
     */
    static WalFileHeader decode(ByteBuffer b, Object file) throws UnsupportedFormatException {
        if (b.limit() < SIZE || b.getInt(0) != MAGIC || b.getInt(CRC_OFFSET) != crc(b)) {
            return null;
        }
        short version = b.getShort(4);
        if (version != VERSION) {
            throw new UnsupportedFormatException("unsupported WAL format version " + version + ": file=" + file);
        }
        return new WalFileHeader(b.getShort(6), b.getLong(8), b.getLong(16));
    }

    private static int crc(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate().position(0).limit(CRC_OFFSET));
        return (int) c.getValue();
    }
}
