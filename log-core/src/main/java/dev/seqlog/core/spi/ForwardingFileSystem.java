package dev.seqlog.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link FileSystem} that passes every call to another: a fault injector extends it and overrides only the
 * calls it changes, typically {@link #open} to wrap some files in a {@link ForwardingStorageFile}. Thread-safe
 * if the delegate is.
 */
public class ForwardingFileSystem implements FileSystem {
    private final FileSystem delegate;

    /** @param delegate the file system every call goes to */
    public ForwardingFileSystem(FileSystem delegate) {
        this.delegate = delegate;
    }

    @Override
    public StorageFile open(Path path, boolean create) throws IOException {
        return delegate.open(path, create);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        delegate.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public boolean exists(Path path) {
        return delegate.exists(path);
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        delegate.rename(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        delegate.syncDirectory(dir);
    }

    @Override
    public Closeable lock(Path lockFile) throws IOException {
        return delegate.lock(lockFile);
    }
}
