package dev.seqlog.core.internal.storage;

import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The {@code .idx} file beside a sealed segment file: its {@link SparseIndex}, saved so start-up need not
 * scan the segment. The index is derived data: it is written without a flush, and a missing, short,
 * damaged or stale one (made for other content) is simply rebuilt from the segment.
 *
 * <pre>
 *  offset  size  field
 *  0       4     magic 0x53514C58 ("SQLX")
 *  4       2     format version (1)
 *  6       2     reserved, zero
 *  8       8     base seq of the segment
 *  16      4     entry bytes of the segment the index was built from
 *  20      4     entries in the segment
 *  24      4     index points N
 *  28      4     CRC32C of bytes 0..27 and of the points
 *  32      8 N   points: entry number (4), entry offset (4), both ascending
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class SegmentIndexFile {
    static final int MAGIC = 0x53514C58;
    static final short VERSION = 1;
    static final int HEADER = 32;
    private static final int CRC = 28;

    private SegmentIndexFile() {
    }

    /**
     * Writes the index file (no flush: it is derived).
     *
     * @param fs the file system
     * @param path the file
     * @param baseSeq the segment's base seq
     * @param entryBytes the segment's entry bytes
     * @param entries the segment's entry count
     * @param index the index
     * @throws IOException on failure
     */
    public static void write(FileSystem fs, Path path, long baseSeq, int entryBytes, int entries, SparseIndex index)
            throws IOException {
        int n = index.size();
        ByteBuffer b = ByteBuffer.allocate(HEADER + 8 * n);
        b.putInt(0, MAGIC).putShort(4, VERSION).putLong(8, baseSeq).putInt(16, entryBytes).putInt(20, entries)
                .putInt(24, n);
        for (int i = 0; i < n; i++) {
            b.putInt(HEADER + 8 * i, index.number(i)).putInt(HEADER + 8 * i + 4, index.offset(i));
        }
        b.putInt(CRC, crc(b));
        try (StorageFile f = fs.open(path, true)) {
            f.truncate(0);
            f.write(b, 0);
        }
    }

    /**
     * Reads an index file if it is present, intact and made for exactly this segment content.
     *
     * @param fs the file system
     * @param path the file
     * @param baseSeq the segment's base seq
     * @param entryBytes the segment's entry bytes
     * @param entries the segment's entry count
     * @return the index, or null if it must be rebuilt
     * @throws IOException on an I/O failure
     */
    public static SparseIndex read(FileSystem fs, Path path, long baseSeq, int entryBytes, int entries)
            throws IOException {
        ByteBuffer b;
        try (StorageFile f = fs.open(path, false)) {
            long size = f.size();
            if (size < HEADER || size > HEADER + 8L * (entries + 1)) {
                return null;
            }
            b = ByteBuffer.allocate((int) size);
            f.readFully(b, 0);
        } catch (NoSuchFileException e) {
            return null;
        }
        int n = b.getInt(24);
        if (b.hasRemaining() || b.getInt(0) != MAGIC || b.getShort(4) != VERSION || n < 1
                || b.capacity() != HEADER + 8 * n || b.getInt(CRC) != crc(b) || b.getLong(8) != baseSeq
                || b.getInt(16) != entryBytes || b.getInt(20) != entries) {
            return null;
        }
        int[] numbers = new int[n];
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            numbers[i] = b.getInt(HEADER + 8 * i);
            offsets[i] = b.getInt(HEADER + 8 * i + 4);
            boolean ascending = i == 0 ? numbers[0] == 0 && offsets[0] == 0
                    : numbers[i] > numbers[i - 1] && offsets[i] > offsets[i - 1];
            if (!ascending || numbers[i] >= entries || offsets[i] >= entryBytes) {
                return null;
            }
        }
        return new SparseIndex(numbers, offsets);
    }

    private static int crc(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate().position(0).limit(CRC));
        c.update(b.duplicate().position(HEADER).limit(b.capacity()));
        return (int) c.getValue();
    }
}
