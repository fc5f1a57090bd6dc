package dev.seqlog.core.internal.format;


import java.nio.ByteBuffer;

/**
 * The fixed header at the start of every WAL file, built and checked through the {@link FileHeader}
 * descriptor. A header that is short, of another magic or fails its checksum was torn while the file was
 * created: the file holds no frame and is ignored. An intact header of an unknown version stops start-up.
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
    static final int SHARD = FileHeader.FIELDS;
    static final int GENERATION = SHARD + 2;
    static final int BOOT = GENERATION + 8;
    static final int CRC = BOOT + 8;
    /** Magic "SQLW", version 2; version 1 (bodies without a log sequence number) is not read. */
    public static final FileHeader FORMAT = new FileHeader("WAL", 0x53514C57, 2, 2, CRC, SIZE);

    public final int shard;
    public final long generation;
    public final long boot;

    public WalFileHeader(int shard, long generation, long boot) {
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

    public ByteBuffer encode() {
        ByteBuffer b = FORMAT.start();
        b.putShort(SHARD, (short) shard).putLong(GENERATION, generation).putLong(BOOT, boot);
        FORMAT.seal(b, null);
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
    public static WalFileHeader decode(ByteBuffer b, Object file) throws UnsupportedFormatException {
        if (!FORMAT.intact(b, null)) {
            return null;
        }
        FORMAT.version(b, file);
        return new WalFileHeader(b.getShort(SHARD), b.getLong(GENERATION), b.getLong(BOOT));
    }
}
