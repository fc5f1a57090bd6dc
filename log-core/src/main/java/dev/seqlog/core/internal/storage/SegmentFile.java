package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.UnsupportedFormatException;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import dev.seqlog.core.internal.format.FileHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A segment file: the records of one topic instance from a base seq on, as a header followed by entries
 * laid out back to back exactly as the engine keeps them in memory, so a sealed segment is mapped and read
 * in place. A checkpoint appends entries to the file of a topic's active segment; once the segment is
 * sealed and fully written the file never changes again except for the delete flag of an entry.
 *
 * <p>The header is built and checked through the {@link FileHeader} descriptor.
 *
 * <pre>
 *  header
 *  offset  size  field
 *  0       4     magic 0x53514C47 ("SQLG")
 *  4       2     format version (1)
 *  6       2     reserved, zero
 *  8       8     topic id (the instance epoch)
 *  16      8     base seq: the seq of the first entry
 *  24      4     CRC32C of bytes 0..23
 *  28      36    reserved, zero
 *  64            first entry
 *
 *  entry (all integers big-endian)
 *  0       4     entry length n, header included
 *  4       4     CRC32C over bytes 0..3 and 9..n-1: everything except itself and the flag byte
 *  8       1     flags: exactly 1 means deleted; any other value means live
 *  9       n-9   the record fields (seq first; layout owned by the engine's RecordLayout)
 * </pre>
 *
 * <p>The flag byte sits outside the checksum, so flipping it in place (one byte in one sector) never
 * invalidates the entry. How many entry bytes are valid is recorded by the snapshot that references the file;
 * bytes past that length are the remains of an interrupted checkpoint and are cut off by recovery.
 *
 * <p>Not thread-safe: written by the checkpoint pass only.
 */
public final class SegmentFile implements AutoCloseable {
    /** Bytes before the first entry. */
    public static final int HEADER = 64;
    /** Offset of the entry length within an entry. */
    public static final int ENTRY_LENGTH = 0;
    /** Offset of the entry checksum within an entry. */
    public static final int ENTRY_CRC = 4;
    /** Offset of the flag byte within an entry. */
    public static final int ENTRY_FLAGS = 8;
    /** Offset of the record fields within an entry. */
    public static final int ENTRY_FIELDS = 9;
    /** The one flag value that means deleted. */
    public static final byte DELETED = 1;
    /** Header offset of the topic id. */
    public static final int TOPIC_ID = FileHeader.FIELDS + 2;
    /** Header offset of the base seq. */
    public static final int BASE_SEQ = TOPIC_ID + 8;
    static final int HEADER_CRC = BASE_SEQ + 8;
    /** Magic "SQLG", version 1. */
    public static final FileHeader FORMAT = new FileHeader("segment", 0x53514C47, 1, 1, HEADER_CRC, HEADER);

    private final Path path;
    private final StorageFile file;

    private SegmentFile(Path path, StorageFile file) {
        this.path = path;
        this.file = file;
    }

    /**
     * Creates a new, empty segment file with its header written (durable with the first {@link #sync()}).
     *
     * @param fs the file system
     * @param path the file
     * @param topicId the topic id
     * @param baseSeq the seq of its first entry
     * @return the open file
     * @throws IOException on failure
     */
    public static SegmentFile create(FileSystem fs, Path path, long topicId, long baseSeq) throws IOException {
        StorageFile f = fs.open(path, true);
        try {
            ByteBuffer h = FORMAT.start();
            h.putLong(TOPIC_ID, topicId).putLong(BASE_SEQ, baseSeq);
            FORMAT.seal(h, null);
            f.truncate(0);
            f.write(h, 0);
            return new SegmentFile(path, f);
        } catch (IOException | RuntimeException e) {
            closeAfter(f, e);
            throw e;
        }
    }

    /**
     * Opens an existing segment file and checks its header.
     *
     * @param fs the file system
     * @param path the file
     * @param topicId the topic id it must belong to
     * @param baseSeq the base seq it must have
     * @return the open file
     * @throws CorruptionException if the header is damaged or names another segment
     * @throws UnsupportedFormatException for an unknown version
     * @throws IOException on failure (NoSuchFileException when absent)
     */
    public static SegmentFile open(FileSystem fs, Path path, long topicId, long baseSeq) throws IOException {
        StorageFile f = fs.open(path, false);
        try {
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            f.readFully(h, 0);
            FORMAT.verify(h.flip(), null, path);
            if (h.getLong(TOPIC_ID) != topicId || h.getLong(BASE_SEQ) != baseSeq) {
                throw new CorruptionException("segment file belongs elsewhere: file=" + path + " topicId="
                        + h.getLong(TOPIC_ID) + " baseSeq=" + h.getLong(BASE_SEQ) + " expectedTopicId=" + topicId
                        + " expectedBaseSeq=" + baseSeq);
            }
            return new SegmentFile(path, f);
        } catch (IOException | RuntimeException e) {
            closeAfter(f, e);
            throw e;
        }
    }

    /** @return the file's path */
    public Path path() {
        return path;
    }

    /**
     * @return bytes of entries the file holds (valid or not)
     * @throws IOException on failure
     */
    public long entryBytes() throws IOException {
        return Math.max(0, file.size() - HEADER);
    }

    /**
     * Writes entries at an entry offset.
     *
     * @param entries the bytes, position to limit
     * @param at offset of the first byte among the entries
     * @throws IOException on failure
     */
    public void write(ByteBuffer entries, int at) throws IOException {
        file.write(entries, (long) HEADER + at);
    }

    /**
     * Sets the delete flag of the entry at {@code at} in place.
     *
     * @param at the entry's offset
     * @throws IOException on failure
     */
    public void markDeleted(int at) throws IOException {
        file.write(ByteBuffer.wrap(new byte[] {DELETED}), (long) HEADER + at + ENTRY_FLAGS);
    }

    /**
     * Cuts entries beyond {@code length} (left by an interrupted checkpoint) and flushes the cut.
     *
     * @param length the valid entry bytes
     * @throws IOException on failure
     */
    public void truncateEntries(int length) throws IOException {
        if (file.size() > (long) HEADER + length) {
            file.truncate((long) HEADER + length);
            file.sync();
        }
    }

    /**
     * Reads the first {@code length} entry bytes into {@code dst} at its position 0.
     *
     * @param dst the destination, at least {@code length} bytes
     * @param length entry bytes to read
     * @throws CorruptionException if the file is shorter
     * @throws IOException on failure
     */
    public void read(ByteBuffer dst, int length) throws IOException {
        readAt(dst.duplicate().clear().limit(length), 0);
    }

    /**
     * Reads entry bytes at {@code at} until {@code dst} is full.
     *
     * @param dst the destination, position to limit
     * @param at entry offset
     * @throws CorruptionException if the file ends first
     * @throws IOException on failure
     */
    public void readAt(ByteBuffer dst, int at) throws IOException {
        int wanted = dst.remaining();
        int got = file.readFully(dst, (long) HEADER + at);
        if (got < wanted) {
            throw new CorruptionException("segment file shorter than its snapshot says: file=" + path
                    + " offset=" + at + " expected=" + wanted + " found=" + got);
        }
    }

    /**
     * Maps the first {@code length} entry bytes read-only; the mapping outlives this handle.
     *
     * @param length entry bytes
     * @return the mapping, offset 0 = the first entry
     * @throws CorruptionException if the file is shorter
     * @throws IOException on failure
     */
    public ByteBuffer map(int length) throws IOException {
        if (entryBytes() < length) {
            throw new CorruptionException("segment file shorter than its snapshot says: file=" + path
                    + " expected=" + length + " found=" + entryBytes());
        }
        return file.map(HEADER, length);
    }

    /**
     * Flushes the file.
     *
     * @throws IOException on failure
     */
    public void sync() throws IOException {
        file.sync();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    // ------------------------------------------------------------------------------------------ entries

    /**
     * Computes the checksum of the entry at {@code at}.
     *
     * @param b the entries
     * @param at the entry's offset
     * @return the CRC32C the entry must carry
     */
    public static int checksum(ByteBuffer b, int at) {
        int len = b.getInt(at + ENTRY_LENGTH);
        CRC32C c = new CRC32C();
        c.update(b.duplicate().limit(at + ENTRY_CRC).position(at));
        c.update(b.duplicate().limit(at + len).position(at + ENTRY_FIELDS));
        return (int) c.getValue();
    }

    /**
     * Writes the checksum of every entry in {@code [from, to)}, as a checkpoint does before writing them.
     *
     * @param b the entries (writable)
     * @param from offset of the first entry
     * @param to end of the last entry
     */
    public static void fillChecksums(ByteBuffer b, int from, int to) {
        for (int at = from; at < to; at += b.getInt(at + ENTRY_LENGTH)) {
            b.putInt(at + ENTRY_CRC, checksum(b, at));
        }
    }

    /** Receives each entry a scan validates. */
    @FunctionalInterface
    public interface EntryVisitor {
        /**
         * @param index the entry's position in the segment, from 0
         * @param at its offset
         */
        void entry(int index, int at);
    }

    /**
     * Walks and validates entries: each length must be in bounds and the checksum must match.
     *
     * @param b the entries, offset 0 = the first
     * @param length entry bytes that must hold whole entries
     * @param minEntry the smallest valid entry length
     * @param file names the file in errors
     * @param visitor told about each entry, or null
     * @return the number of entries
     * @throws CorruptionException at the first invalid entry
     */
    public static int scan(ByteBuffer b, int length, int minEntry, Object file, EntryVisitor visitor)
            throws CorruptionException {
        int n = 0;
        int at = 0;
        while (at < length) {
            int len = length - at >= 4 ? b.getInt(at + ENTRY_LENGTH) : -1;
            if (len < minEntry || len > length - at) {
                throw new CorruptionException("segment entry length invalid: file=" + file + " offset=" + at
                        + " length=" + len);
            }
            if (b.getInt(at + ENTRY_CRC) != checksum(b, at)) {
                throw new CorruptionException("segment entry checksum mismatch: file=" + file + " offset=" + at);
            }
            if (visitor != null) {
                visitor.entry(n, at);
            }
            n++;
            at += len;
        }
        return n;
    }

    private static void closeAfter(StorageFile f, Exception primary) {
        try {
            f.close();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
