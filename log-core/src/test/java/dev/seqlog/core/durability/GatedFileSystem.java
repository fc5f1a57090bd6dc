package dev.seqlog.core.durability;

import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;

/** A file system whose WAL flushes wait while the gate is closed; other files pass through. */
final class GatedFileSystem implements FileSystem {
    private final FileSystem real = new JdkFileSystem();
    final Semaphore gate = new Semaphore(Integer.MAX_VALUE);

    @Override
    public StorageFile open(Path path, boolean create) throws IOException {
        StorageFile f = real.open(path, create);
        if (!path.getParent().getFileName().toString().equals("wal")) {
            return f;
        }
        return new StorageFile() {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                f.write(src, position);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return f.read(dst, position);
            }

            @Override
            public long size() throws IOException {
                return f.size();
            }

            @Override
            public void truncate(long size) throws IOException {
                f.truncate(size);
            }

            @Override
            public void sync() throws IOException {
                gate.acquireUninterruptibly();
                gate.release();
                f.sync();
            }

            @Override
            public ByteBuffer map(long position, int size) throws IOException {
                return f.map(position, size);
            }

            @Override
            public void close() throws IOException {
                f.close();
            }
        };
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        real.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return real.list(dir);
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }

    @Override
    public void delete(Path path) throws IOException {
        real.delete(path);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        real.rename(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        real.syncDirectory(dir);
    }

    @Override
    public Closeable lock(Path lockFile) throws IOException {
        return real.lock(lockFile);
    }
}
