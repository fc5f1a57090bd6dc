package dev.seqlog.core.internal.storage;

import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The production {@link FileSystem}: the local disk through {@link FileChannel}. Thread-safe (stateless). */
public final class JdkFileSystem implements FileSystem {

    private static final OpenOption[] OPEN = {StandardOpenOption.READ, StandardOpenOption.WRITE};
    private static final OpenOption[] OPEN_OR_CREATE =
            {StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE};

    /** Creates the file system; it holds no state, so one instance can serve the whole process. */
    public JdkFileSystem() {
    }

    @Override
    public StorageFile open(Path path, boolean create) throws IOException {
        return new JdkStorageFile(FileChannel.open(path, create ? OPEN_OR_CREATE : OPEN));
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path entry : entries) {
                files.add(entry);
            }
        } catch (NoSuchFileException absent) {
            return List.of();
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (NoSuchFileException absent) {
            throw absent;
        } catch (IOException | UnsupportedOperationException e) {
            // Spec §2: where a directory cannot be flushed, refuse to run rather than run with weaker guarantees.
            throw new IOException("cannot open a directory to flush it on this platform: dir=" + dir, e);
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("directory flush failed: dir=" + dir, e);
        }
    }

    @Override
    public Closeable lock(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new JdkLock(tryLock(channel, lockFile), channel);
        } catch (Throwable failure) {
            try {
                channel.close();
            } catch (IOException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path lockFile) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            DirectoryLockedException locked = new DirectoryLockedException(lockFile);
            locked.initCause(heldInThisJvm);
            throw locked;
        }
        if (lock == null) {
            throw new DirectoryLockedException(lockFile);
        }
        return lock;
    }
}
