package dev.seqlog.core.internal.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/** A held lock from {@link JdkFileSystem#lock}; closing releases it and its channel. Thread-safe, idempotent close. */
final class JdkLock implements Closeable {

    private final FileLock lock;
    private final FileChannel channel;
    private boolean closed;

    JdkLock(FileLock lock, FileChannel channel) {
        this.lock = lock;
        this.channel = channel;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // try-with-resources closes the channel even if release fails and attaches a close failure as suppressed.
        try (channel) {
            lock.release();
        }
    }

    @Override
    public String toString() {
        return "JdkLock[" + lock + "]";
    }
}
