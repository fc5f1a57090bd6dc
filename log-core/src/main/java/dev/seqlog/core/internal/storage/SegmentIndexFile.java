package dev.seqlog.core.internal.storage;

import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import dev.seqlog.core.internal.format.FileHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code .idx} file beside a sealed segment file: its {@link SparseIndex}, saved so start-up need not
 * scan the segment. The index is derived data: it is written without a flush, and a missing, short,
 * damaged or stale one (made for other content), or one of an unknown version, is simply rebuilt from the
 * segment. The header is built and checked through the {@link FileHeader} descriptor; its checksum also
 * covers the points.
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
    /** Header offset of the base seq. */
    public static final int BASE_SEQ = FileHeader.FIELDS + 2;
    /** Header offset of the segment entry bytes it was built from. */
    public static final int ENTRY_BYTES = BASE_SEQ + 8;
    /** Header offset of the segment entry count. */
    public static final int ENTRIES = ENTRY_BYTES + 4;
    /** Header offset of the point count. */
    public static final int POINTS = ENTRIES + 4;
    static final int CRC = POINTS + 4;
    /** Header size; the points follow. */
    public static final int HEADER = CRC + FileHeader.CRC_SIZE;
    /** One point: entry number, then entry offset. */
    public static final int POINT_NUMBER = 0;
    /** Offset of a point's entry offset. */
    public static final int POINT_OFFSET = 4;
    /** Bytes per point. */
    public static final int POINT_SIZE = 8;
    /** Magic "SQLX", version 1. */
    public static final FileHeader FORMAT = new FileHeader("segment index", 0x53514C58, 1, 1, CRC, HEADER);

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
        ByteBuffer h = FORMAT.start();
        h.putLong(BASE_SEQ, baseSeq).putInt(ENTRY_BYTES, entryBytes).putInt(ENTRIES, entries).putInt(POINTS, n);
        ByteBuffer points = ByteBuffer.allocate(POINT_SIZE * n);
        for (int i = 0; i < n; i++) {
            points.putInt(POINT_SIZE * i + POINT_NUMBER, index.number(i))
                    .putInt(POINT_SIZE * i + POINT_OFFSET, index.offset(i));
        }
        FORMAT.seal(h, points);
        ByteBuffer b = ByteBuffer.allocate(HEADER + points.capacity()).put(h).put(points).flip();
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
            if (size < HEADER || size > HEADER + (long) POINT_SIZE * (entries + 1)) {
                return null;
            }
            b = ByteBuffer.allocate((int) size);
            f.readFully(b, 0);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (b.hasRemaining()) {
            return null;
        }
        b.flip();
        ByteBuffer points = b.duplicate().position(HEADER);
        int n = b.getInt(POINTS);
        if (!FORMAT.intact(b, points) || !FORMAT.readable(b) || n < 1 || points.remaining() != POINT_SIZE * n
                || b.getLong(BASE_SEQ) != baseSeq || b.getInt(ENTRY_BYTES) != entryBytes
                || b.getInt(ENTRIES) != entries) {
            return null;
        }
        int[] numbers = new int[n];
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            numbers[i] = b.getInt(HEADER + POINT_SIZE * i + POINT_NUMBER);
            offsets[i] = b.getInt(HEADER + POINT_SIZE * i + POINT_OFFSET);
            boolean ascending = i == 0 ? numbers[0] == 0 && offsets[0] == 0
                    : numbers[i] > numbers[i - 1] && offsets[i] > offsets[i - 1];
            if (!ascending || numbers[i] >= entries || offsets[i] >= entryBytes) {
                return null;
            }
        }
        return new SparseIndex(numbers, offsets);
    }
}
