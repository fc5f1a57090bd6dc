package dev.seqlog.server.http;

import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDK file system, except that once {@link #fail} is set every flush of a file under a {@code wal}
 * directory fails, as a disk error would. Thread-safe.
 */
final class FailingWalSync implements FileSystem {
    final AtomicBoolean fail = new AtomicBoolean();
    private final FileSystem jdk = new JdkFileSystem();

    @Override
    public StorageFile open(Path path, boolean create) throws IOException {
        StorageFile f = jdk.open(path, create);
        boolean wal = path.getParent() != null && path.getParent().getFileName().toString().equals("wal");
        return !wal ? f : new StorageFile() {
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
                if (fail.get()) {
                    throw new IOException("injected flush failure: path=" + path);
                }
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
        jdk.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return jdk.list(dir);
    }

    @Override
    public boolean exists(Path path) {
        return jdk.exists(path);
    }

    @Override
    public void delete(Path path) throws IOException {
        jdk.delete(path);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        jdk.rename(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        jdk.syncDirectory(dir);
    }

    @Override
    public Closeable lock(Path lockFile) throws IOException {
        return jdk.lock(lockFile);
    }
}
