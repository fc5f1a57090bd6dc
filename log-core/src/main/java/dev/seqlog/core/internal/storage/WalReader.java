package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the frames of one WAL file for recovery. The first frame that is incomplete or fails its
 * checksum marks the file's logical end, unless a later valid frame says that offset had already been
 * flushed: then durable data is damaged, and recovery stops with {@link CorruptionException} instead of
 * dropping it. Bytes after a torn tail are cut off (and the cut flushed) so nothing reads them again.
 *
 * <p>Not thread-safe: used by the recovering thread only.
 */
public final class WalReader {
    private static final Logger LOG = LoggerFactory.getLogger(WalReader.class);

    /** Receives each valid frame's body. */
    @FunctionalInterface
    public interface FrameVisitor {
        /**
         * @param body the body (type byte first), positioned at its start; valid only during the call
         * @throws IOException to abort recovery
         */
        void frame(ByteBuffer body) throws IOException;
    }

    private final FileSystem fs;
    private final boolean cutTail;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private long tailBytes;

    /**
     * @param fs the file system
     */
    public WalReader(FileSystem fs) {
        this(fs, true);
    }

    /**
     * @param fs the file system
     * @param cutTail whether to cut bytes after the logical end; false for an offline check that must not
     *                modify the file
     */
    public WalReader(FileSystem fs, boolean cutTail) {
        this.fs = fs;
        this.cutTail = cutTail;
    }

    /** @return how many bytes the last read found after the file's logical end (cut unless reading only) */
    public long tailBytes() {
        return tailBytes;
    }

    /**
     * Visits every valid frame of a file in order, then trims a torn tail. The reader's buffer is reused
     * from file to file, so recovery allocates it once.
     *
     * @param entry the file and its header
     * @param visitor receives bodies
     * @return the file's logical end offset
     * @throws CorruptionException if durable frames are damaged
     * @throws IOException on I/O failure or from the visitor
     */
    public long read(WalDirectory.Entry entry, FrameVisitor visitor) throws IOException {
        return read(entry, visitor, WalFileHeader.SIZE);
    }

    /**
     * Like {@link #read(WalDirectory.Entry, FrameVisitor)}, from a frame boundary a checkpoint recorded:
     * the frames before it are covered by the snapshot and are neither read nor checked.
     *
     * @param entry the file and its header
     * @param visitor receives bodies
     * @param from file offset of the first frame to read
     * @return the file's logical end offset
     * @throws CorruptionException if durable frames are damaged
     * @throws IOException on I/O failure or from the visitor
     */
    public long read(WalDirectory.Entry entry, FrameVisitor visitor, long from) throws IOException {
        try (StorageFile f = fs.open(entry.path, false)) {
            long size = f.size();
            long base = Math.max(WalFileHeader.SIZE, from);
            if (base > size) {
                throw new CorruptionException("WAL file shorter than a checkpoint recorded: file=" + entry.path
                        + " size=" + size + " checkpointed=" + base);
            }
            if (size - base > Integer.MAX_VALUE - 8) {
                throw new CorruptionException("WAL file too large: file=" + entry.path + " size=" + size);
            }
            int window = (int) (size - base);
            if (buffer.capacity() < window) {
                buffer = ByteBuffer.allocate(window);
            }
            ByteBuffer b = buffer.clear().limit(window);
            f.readFully(b, base);
            b.flip();
            long gen = entry.header.generation;
            int at = 0;
            while (true) {
                int len = WalFrame.validate(b, at, base, gen);
                if (len < 0) {
                    break;
                }
                ByteBuffer body = b.duplicate().position(at + WalFrame.HEADER).limit(at + WalFrame.HEADER + len);
                visitor.frame(body.slice());
                at += WalFrame.HEADER + len;
            }
            int garbageEnd = lastNonZero(b, at) + 1;
            checkNotDurableBeyond(b, base, at, garbageEnd, gen, entry);
            tailBytes = Math.max(0, garbageEnd - at);
            if (garbageEnd > at && cutTail) {
                LOG.warn("cutting bytes after the WAL's logical end (a torn write, or old frames of a recycled "
                        + "file): file={} offset={} bytes={}", entry.path, base + at, garbageEnd - at);
                f.truncate(base + at);
                f.sync();
            }
            return base + at;
        }
    }

    /**
     * Fails if any valid frame after {@code end} claims the file was flushed beyond {@code end}; offsets in
     * {@code b} are relative to file offset {@code base}.
     */
    private static void checkNotDurableBeyond(ByteBuffer b, long base, int end, int garbageEnd, long gen,
                                              WalDirectory.Entry entry) throws CorruptionException {
        for (int at = end + 1; at < garbageEnd && at + WalFrame.HEADER <= b.limit(); at++) {
            if (b.getInt(at + WalFrame.LENGTH) == 0) {
                continue; // zero length: cheap reject of preallocated space
            }
            long synced = b.getLong(at + WalFrame.SYNCED);
            if (synced <= base + end || synced > base + at) {
                // it could not prove the damaged offset durable: skip before checksumming a length that may be
                // megabytes of old frames or garbage (a recycled file's tail is full of both)
                continue;
            }
            int len = WalFrame.validate(b, at, base, gen);
            if (len > 0) {
                throw new CorruptionException("WAL frame damaged inside flushed data: file=" + entry.path
                        + " offset=" + (base + end) + " (a valid frame at offset " + (base + at)
                        + " was written after it was flushed)");
            }
        }
    }

    /** Index of the last non-zero byte at or after {@code from}, or from - 1; scans eight bytes at a time. */
    private static int lastNonZero(ByteBuffer b, int from) {
        int i = b.limit();
        while (i - 8 >= from && b.getLong(i - 8) == 0) {
            i -= 8;
        }
        for (i = i - 1; i >= from; i--) {
            if (b.get(i) != 0) {
                return i;
            }
        }
        return from - 1;
    }
}
