package dev.seqlog.core.spi;

import dev.seqlog.core.internal.storage.DirectoryLockedException;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the storage engine performs. Production code uses {@link JdkFileSystem}; tests
 * substitute an implementation that injects errors or simulates power loss.
 *
 * <p>Implementations are thread-safe.
 */
public interface FileSystem {
    /**
     * Opens a file for reading and writing.
     *
     * @param path the file
     * @param create whether to create it when absent (the new directory entry is durable only after
     *        {@link #syncDirectory} of its parent)
     * @return the open file
     * @throws java.nio.file.NoSuchFileException if absent and {@code create} is false
     * @throws IOException on any other failure
     */
    StorageFile open(Path path, boolean create) throws IOException;

    /**
     * Creates a directory and its missing parents.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    void createDirectories(Path dir) throws IOException;

    /**
     * The regular files directly inside a directory, sorted by file name.
     *
     * @param dir the directory
     * @return the files; empty if the directory does not exist
     * @throws IOException on failure
     */
    List<Path> list(Path dir) throws IOException;

    /**
     * @param path a file or directory
     * @return whether it exists
     */
    boolean exists(Path path);

    /**
     * Deletes a file if it exists (durable after {@link #syncDirectory} of its parent).
     *
     * @param path the file
     * @throws IOException on failure
     */
    void delete(Path path) throws IOException;

    /**
     * Atomically renames a file, replacing the target (durable after {@link #syncDirectory}).
     *
     * @param from the source
     * @param to the target, in the same directory
     * @throws IOException on failure
     */
    void rename(Path from, Path to) throws IOException;

    /**
     * Makes the directory's entries (creations, renames, deletions) durable.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    void syncDirectory(Path dir) throws IOException;

    /**
     * Takes an exclusive lock on a lock file, held until closed or the process dies.
     *
     * @param lockFile the lock file, created if absent
     * @return the held lock
     * @throws DirectoryLockedException if another holder has it
     * @throws IOException on any other failure
     */
    Closeable lock(Path lockFile) throws IOException;
}
