package dev.seqlog.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open file with positional I/O. Written bytes are durable only after {@link #sync()}.
 *
 * <p>Thread-safe for positional reads; writes come from one thread at a time.
 */
public interface StorageFile extends Closeable {
    /**
     * Writes all remaining bytes of {@code src} at {@code position}.
     *
     * @param src the bytes; its position advances to its limit
     * @param position the file offset
     * @throws IOException on failure (the file may then hold any prefix of the bytes)
     */
    void write(ByteBuffer src, long position) throws IOException;

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code position}.
     *
     * @param dst the destination
     * @param position the file offset
     * @return bytes read, or -1 at end of file
     * @throws IOException on failure
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /**
     * Reads from {@code position} until {@code dst} is full or the file ends.
     *
     * @param dst the destination, filled from its position
     * @param position the file offset of the first byte
     * @return bytes read (fewer than asked only at end of file)
     * @throws IOException on failure
     */
    default int readFully(ByteBuffer dst, long position) throws IOException {
        int start = dst.position();
        while (dst.hasRemaining() && read(dst, position + dst.position() - start) > 0) {
            // a positional read may return fewer bytes than remain
        }
        return dst.position() - start;
    }

    /**
     * @return the file size in bytes
     * @throws IOException on failure
     */
    long size() throws IOException;

    /**
     * Cuts the file to {@code size} bytes.
     *
     * @param size the new size
     * @throws IOException on failure
     */
    void truncate(long size) throws IOException;

    /**
     * Forces written content to stable storage (fdatasync).
     *
     * @throws IOException on failure; after a failure the content is of unknown durability
     */
    void sync() throws IOException;

    /**
     * Maps a region of the file read-only. The mapping stays valid after the file is closed. Whether later
     * writes to the region show through it is unspecified, so callers map only bytes that no longer change.
     *
     * @param position the file offset
     * @param size bytes to map
     * @return a read-only big-endian buffer over the region
     * @throws IOException on failure
     */
    ByteBuffer map(long position, int size) throws IOException;
}
