package dev.seqlog.core.internal.lifecycle;

import dev.seqlog.core.spi.FileSystem;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The layout of a data directory and its exclusive lock:
 *
 * <pre>
 *  LOCK         held by the running engine
 *  wal/         WAL shard files
 *  segments/    segment and sparse index files (the hot tier)
 *  snapshots/   the two newest snapshots
 *  RESTORE-IN-PROGRESS   only while an offline restore is incomplete (the engine refuses the directory)
 * </pre>
 *
 * <p>Immutable apart from the lock it holds; confined to start-up and close.
 */
public final class DataDirectory implements Closeable {
    public static final String LOCK_FILE = "LOCK";
    public static final String WAL_DIR = "wal";
    public static final String SEGMENTS_DIR = "segments";
    public static final String SNAPSHOTS_DIR = "snapshots";
    /** Copies of tiered segments fetched from the object store: derived data, emptied at start-up. */
    public static final String CACHE_DIR = "cache";
    /** Present while an offline restore into the directory is incomplete: the engine refuses to open it. */
    public static final String RESTORE_MARKER = "RESTORE-IN-PROGRESS";

    private final FileSystem fs;
    private final Path root;
    private final Closeable lock;

    private DataDirectory(FileSystem fs, Path root, Closeable lock) {
        this.fs = fs;
        this.root = root;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and takes its lock; checks that a configured cold tier exists.
     *
     * @param fs the file system
     * @param root the data directory
     * @param cold the cold-tier directory, or null
     * @return the locked directory
     * @throws IOException if it is locked by another engine, cannot be created, or the cold tier is missing
     */
    public static DataDirectory lock(FileSystem fs, Path root, Path cold) throws IOException {
        if (!fs.exists(root)) {
            fs.createDirectories(root);
        }
        Closeable lock = fs.lock(root.resolve(LOCK_FILE));
        if (fs.exists(root.resolve(RESTORE_MARKER))) {
            release(lock);
            throw new IOException("a restore into this directory did not finish (" + RESTORE_MARKER
                    + " is present): restore the backup again into an empty directory");
        }
        if (cold != null && !fs.exists(cold)) {
            release(lock);
            throw new IOException("the cold-tier directory does not exist: " + cold
                    + " (create it, or mount its volume, before starting)");
        }
        return new DataDirectory(fs, root, lock);
    }

    private static void release(Closeable lock) {
        try {
            lock.close();
        } catch (IOException e) {
            // the start-up failure being reported is what matters
        }
    }

    /**
     * Takes the lock of an existing directory for an offline check without creating anything: a directory
     * that never had a {@code LOCK} file was never opened by an engine, so there is nothing to take.
     *
     * @param fs the file system
     * @param root the data directory
     * @return the held lock (close it to release), or null when the directory has no lock file
     * @throws IOException if a running engine holds the lock ({@code DirectoryLockedException})
     */
    public static Closeable lockExisting(FileSystem fs, Path root) throws IOException {
        Path lockFile = root.resolve(LOCK_FILE);
        return fs.exists(lockFile) ? fs.lock(lockFile) : null;
    }

    FileSystem fs() {
        return fs;
    }

    Path root() {
        return root;
    }

    Path wal() {
        return root.resolve(WAL_DIR);
    }

    Path segments() {
        return root.resolve(SEGMENTS_DIR);
    }

    Path cache() {
        return root.resolve(CACHE_DIR);
    }

    Path snapshots() {
        return root.resolve(SNAPSHOTS_DIR);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
