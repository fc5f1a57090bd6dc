package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A WAL file open for appending: preallocated to its capacity (so a flush after writing only overwrites
 * allocated space), its header written and flushed, and its directory entry durable before the first frame
 * goes in. A new file is preallocated with zeros; a recycled one keeps a retired file's old frames, which
 * can never validate because every frame's checksum covers its file's generation.
 *
 * <p>Not thread-safe: owned by one shard writer (created on the preallocation executor, then handed over).
 * Public only as an opaque handle; its operations are package-private.
 */
public final class WalFile implements AutoCloseable {
    private static final int ZERO_CHUNK = 1 << 20;

    final Path path;
    final WalFileHeader header;
    private final StorageFile file;
    private final long capacity;
    private long position = WalFileHeader.SIZE;
    private long syncedThrough = WalFileHeader.SIZE;

    private WalFile(Path path, WalFileHeader header, StorageFile file, long capacity) {
        this.path = path;
        this.header = header;
        this.file = file;
        this.capacity = capacity;
    }

    /** Creates, preallocates and makes durable a new WAL file. */
    static WalFile create(FileSystem fs, Path path, WalFileHeader header, long capacity) throws IOException {
        StorageFile f = fs.open(path, true);
        try {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK, capacity));
            for (long at = 0; at < capacity; at += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), capacity - at));
                f.write(zeros, at);
            }
            f.write(header.encode(), 0);
            f.sync();
            fs.syncDirectory(path.getParent());
            return new WalFile(path, header, f, capacity);
        } catch (IOException | RuntimeException e) {
            closeQuietly(f, e);
            throw e;
        }
    }

    /**
     * Turns a spare (a retired WAL file) into a new WAL file without writing its body: the new header is
     * written and flushed under the spare's name, then the file is renamed and the directory flushed. A
     * crash in between leaves a spare, which is reused later.
     */
    static WalFile recycle(FileSystem fs, Path spare, Path path, WalFileHeader header) throws IOException {
        StorageFile f = fs.open(spare, false);
        try {
            long capacity = f.size();
            f.write(header.encode(), 0);
            f.sync();
            fs.rename(spare, path);
            fs.syncDirectory(path.getParent());
            return new WalFile(path, header, f, capacity);
        } catch (IOException | RuntimeException e) {
            closeQuietly(f, e);
            throw e;
        }
    }

    long position() {
        return position;
    }

    long syncedThrough() {
        return syncedThrough;
    }

    long capacity() {
        return capacity;
    }

    long remaining() {
        return capacity - position;
    }

    /** Writes bytes that start at the current position and advances it. */
    void append(ByteBuffer frames) throws IOException {
        int n = frames.remaining();
        file.write(frames, position);
        position += n;
    }

    void sync() throws IOException {
        if (syncedThrough < position) {
            file.sync();
            syncedThrough = position;
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private static void closeQuietly(StorageFile f, Exception primary) {
        try {
            f.close();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
