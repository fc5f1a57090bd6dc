package dev.seqlog.server.http;

import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.ForwardingFileSystem;
import dev.seqlog.core.spi.ForwardingStorageFile;
import dev.seqlog.core.spi.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDK file system, except that once {@link #fail} is set every flush of a file under a {@code wal}
 * directory fails, as a disk error would. Thread-safe.
 */
final class FailingWalSync extends ForwardingFileSystem {
    final AtomicBoolean fail = new AtomicBoolean();

    FailingWalSync() {
        super(new JdkFileSystem());
    }

    @Override
    public StorageFile open(Path path, boolean create) throws IOException {
        StorageFile f = super.open(path, create);
        boolean wal = path.getParent() != null && path.getParent().getFileName().toString().equals("wal");
        return !wal ? f : new ForwardingStorageFile(f) {
            @Override
            public void sync() throws IOException {
                if (fail.get()) {
                    throw new IOException("injected flush failure: path=" + path);
                }
                super.sync();
            }
        };
    }
}
