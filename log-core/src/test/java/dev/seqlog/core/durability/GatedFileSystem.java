package dev.seqlog.core.durability;

import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.ForwardingFileSystem;
import dev.seqlog.core.spi.ForwardingStorageFile;
import dev.seqlog.core.spi.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/** A file system whose WAL flushes wait while the gate is closed; other files pass through. */
final class GatedFileSystem extends ForwardingFileSystem {
    final Semaphore gate = new Semaphore(Integer.MAX_VALUE);

    GatedFileSystem() {
        super(new JdkFileSystem());
    }

    @Override
    public StorageFile open(Path path, boolean create) throws IOException {
        StorageFile f = super.open(path, create);
        if (!path.getParent().getFileName().toString().equals("wal")) {
            return f;
        }
        return new ForwardingStorageFile(f) {
            @Override
            public void sync() throws IOException {
                gate.acquireUninterruptibly();
                gate.release();
                super.sync();
            }
        };
    }
}
