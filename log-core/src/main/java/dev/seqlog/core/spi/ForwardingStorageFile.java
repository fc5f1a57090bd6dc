package dev.seqlog.core.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link StorageFile} that passes every call to another: a fault injector extends it and overrides only the
 * calls it changes (a flush that waits or fails, a write that tears). Thread-safe if the delegate is.
 */
public class ForwardingStorageFile implements StorageFile {
    private final StorageFile delegate;

    /** @param delegate the file every call goes to */
    public ForwardingStorageFile(StorageFile delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        delegate.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public void truncate(long size) throws IOException {
        delegate.truncate(size);
    }

    @Override
    public void sync() throws IOException {
        delegate.sync();
    }

    @Override
    public ByteBuffer map(long position, int size) throws IOException {
        return delegate.map(position, size);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
