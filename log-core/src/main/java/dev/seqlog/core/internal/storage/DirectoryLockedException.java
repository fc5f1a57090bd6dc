package dev.seqlog.core.internal.storage;

import java.io.IOException;
import java.nio.file.Path;

/** The data directory's lock is held by another process (or another engine in this one). Immutable. */
public final class DirectoryLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param lockFile the lock file that could not be taken
     */
    public DirectoryLockedException(Path lockFile) {
        super("data directory is locked by another process: lock=" + lockFile);
    }
}
