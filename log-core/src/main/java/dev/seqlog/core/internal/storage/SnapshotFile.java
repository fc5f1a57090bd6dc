package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.UnsupportedFormatException;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import dev.seqlog.core.internal.format.FileHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot files of the {@code snapshots/} directory, named {@code <number, 16 digits>.snap}. Each is
 * written by atomic replacement (temporary file, flush, rename, directory flush), so a crash leaves either
 * no new snapshot or a complete one; a leftover temporary file is ignored and removed. The header is built and
 * checked through the {@link FileHeader} descriptor; its checksum also covers the body.
 *
 * <pre>
 *  offset  size  field
 *  0       4     magic 0x53514C50 ("SQLP")
 *  4       2     format version: 2 = a body of sections; 1 (still read) = a flat body
 *  6       2     reserved, zero
 *  8       8     snapshot number, rising
 *  16      4     body length B
 *  20      4     CRC32C of bytes 0..19 and of the body
 *  24      B     body, per version: the format package's SnapshotBody
 * </pre>
 *
 * <p>Thread-safe (stateless apart from the file system).
 */
public final class SnapshotFile {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFile.class);
    /** Header offset of the snapshot number. */
    public static final int NUMBER = FileHeader.FIELDS + 2;
    /** Header offset of the body length. */
    public static final int BODY_LENGTH = NUMBER + 8;
    static final int CRC = BODY_LENGTH + 4;
    /** Header size; the body follows. */
    public static final int HEADER = CRC + FileHeader.CRC_SIZE;
    /** Magic "SQLP"; writes version 2, reads versions 1 and 2. */
    public static final FileHeader FORMAT = new FileHeader("snapshot", 0x53514C50, 2, 1, CRC, HEADER);
    private static final String SUFFIX = ".snap";
    private static final String TEMP = ".tmp";

    private final FileSystem fs;
    private final Path dir;

    /**
     * @param fs the file system
     * @param dir the snapshots directory
     * @throws IOException if it cannot be created
     */
    public SnapshotFile(FileSystem fs, Path dir) throws IOException {
        this.fs = fs;
        this.dir = dir;
        if (!fs.exists(dir)) {
            fs.createDirectories(dir);
            fs.syncDirectory(dir.getParent());
        }
    }

    /**
     * The numbers of the snapshot files present, newest first; removes leftover temporary files.
     *
     * @return the numbers
     * @throws IOException on failure
     */
    public List<Long> list() throws IOException {
        List<Long> out = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            String name = p.getFileName().toString();
            if (name.endsWith(TEMP)) {
                fs.delete(p);
                continue;
            }
            if (name.endsWith(SUFFIX)) {
                try {
                    out.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        }
        out.sort((a, b) -> Long.compare(b, a));
        return out;
    }

    /** A snapshot's body and the format version it was written in. Immutable. */
    public static final class Contents {
        /** The snapshot file's format version. */
        public final int version;
        /** The body, position 0 to limit. */
        public final ByteBuffer body;

        Contents(int version, ByteBuffer body) {
            this.version = version;
            this.body = body;
        }
    }

    /**
     * Writes snapshot {@code number} atomically and durably, in the current format version.
     *
     * @param number the snapshot number
     * @param body the image, encoded for the current version
     * @throws IOException on failure
     */
    public void write(long number, ByteBuffer body) throws IOException {
        write(number, FORMAT.currentVersion(), body);
    }

    /** Writes a snapshot of a given format version (tests write older versions with it). */
    void write(long number, int version, ByteBuffer body) throws IOException {
        ByteBuffer h = FORMAT.start(version);
        h.putLong(NUMBER, number).putInt(BODY_LENGTH, body.remaining());
        FORMAT.seal(h, body);
        Path temp = dir.resolve(name(number) + TEMP);
        try (StorageFile f = fs.open(temp, true)) {
            f.truncate(0);
            f.write(h, 0);
            f.write(body.duplicate(), HEADER);
            f.sync();
        }
        fs.rename(temp, path(number));
        fs.syncDirectory(dir);
    }

    /**
     * Reads a snapshot's body if the file is complete, intact and of a version this build reads.
     *
     * @param number the snapshot number
     * @return the body and its version, or null (the reason is logged)
     * @throws IOException on an I/O failure
     */
    public Contents read(long number) throws IOException {
        Path p = path(number);
        ByteBuffer b;
        try (StorageFile f = fs.open(p, false)) {
            long size = f.size();
            if (size < HEADER || size > Integer.MAX_VALUE) {
                LOG.warn("snapshot skipped, wrong size: file={} size={}", p, size);
                return null;
            }
            b = ByteBuffer.allocate((int) size);
            f.readFully(b, 0);
        }
        try {
            return decode(b.flip(), number, p);
        } catch (CorruptionException | UnsupportedFormatException e) {
            LOG.warn("snapshot skipped: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Checks a whole snapshot file's bytes and returns its body; modifies nothing.
     *
     * @param b the file's bytes, position 0 to limit
     * @param number the number its name gives
     * @param p names the file in messages
     * @return the body and its version
     * @throws CorruptionException if the header is damaged or names another number or length
     * @throws UnsupportedFormatException for a version this build does not read
     */
    public static Contents decode(ByteBuffer b, long number, Object p)
            throws CorruptionException, UnsupportedFormatException {
        ByteBuffer body = b.duplicate().position(Math.min(HEADER, b.limit()));
        int version = FORMAT.verify(b, body, p);
        if (b.getLong(NUMBER) != number || b.getInt(BODY_LENGTH) != body.remaining()) {
            throw new CorruptionException("snapshot header names another snapshot or length: file=" + p
                    + " number=" + b.getLong(NUMBER) + " length=" + b.getInt(BODY_LENGTH) + " expectedNumber="
                    + number + " expectedLength=" + body.remaining());
        }
        return new Contents(version, body.slice());
    }

    /**
     * Deletes a snapshot file (durable with the next directory flush).
     *
     * @param number the snapshot number
     * @throws IOException on failure
     */
    public void delete(long number) throws IOException {
        fs.delete(path(number));
    }

    /**
     * Flushes the directory, making deletions durable.
     *
     * @throws IOException on failure
     */
    public void syncDirectory() throws IOException {
        fs.syncDirectory(dir);
    }

    /**
     * @param number a snapshot number
     * @return its file
     */
    public Path path(long number) {
        return dir.resolve(name(number) + SUFFIX);
    }

    private static String name(long number) {
        return String.format("%016d", number);
    }
}
