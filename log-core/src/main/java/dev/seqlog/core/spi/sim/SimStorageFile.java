package dev.seqlog.core.spi.sim;

import dev.seqlog.core.spi.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** An open handle on a simulated file; every call goes through the disk's monitor, so it is thread-safe. */
final class SimStorageFile implements StorageFile {

    private final SimulatedFileSystem disk;
    private final Path name;
    private final SimInode inode;
    private boolean closed; // guarded by disk

    SimStorageFile(SimulatedFileSystem disk, Path name, SimInode inode) {
        this.disk = disk;
        this.name = name;
        this.inode = inode;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        disk.write(this, src, position);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return disk.read(this, dst, position);
    }

    @Override
    public long size() throws IOException {
        return disk.size(this);
    }

    @Override
    public void truncate(long size) throws IOException {
        disk.truncate(this, size);
    }

    @Override
    public void sync() throws IOException {
        disk.sync(this);
    }

    /** A copy of the region as it is now: the simulated disk has no page cache to share. */
    @Override
    public ByteBuffer map(long position, int size) throws IOException {
        ByteBuffer copy = ByteBuffer.allocateDirect(size);
        while (copy.hasRemaining()) {
            if (disk.read(this, copy, position + copy.position()) < 0) {
                throw new IOException("map beyond the end of " + name);
            }
        }
        return copy.flip().asReadOnlyBuffer();
    }

    /** Never throws, even after the crash: releasing a dead process's descriptors changes nothing on disk. */
    @Override
    public void close() {
        disk.close(this);
    }

    Path name() {
        return name;
    }

    SimInode inode() {
        return inode;
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return "SimStorageFile[" + name + "]";
    }
}
