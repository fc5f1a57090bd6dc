package dev.seqlog.testsupport;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A fresh, empty directory for one test, resolved as a test-method parameter by {@link StrictTestExtension},
 * checked for open files and deleted after the test. Thread-safe (immutable).
 */
public final class TestDir {

    /**
     * Prefix of every test directory. The temp-dir check ignores it by prefix rather than by a list of the
     * roots made here, because other JVMs running this extension (parallel module builds) make the same names.
     */
    static final String PREFIX = "seqlog-test-";

    private final Path path;

    private TestDir(Path path) {
        this.path = path;
    }

    /** Creates a new directory under {@code java.io.tmpdir}. */
    static TestDir create() throws IOException {
        Path dir = Files.createTempDirectory(PREFIX);
        // The real path makes the /proc/self/fd comparison work when the temp dir is behind a symlink.
        return new TestDir(dir.toRealPath());
    }

    /** The directory itself (an absolute, symlink-free path). */
    public Path path() {
        return path;
    }

    /** Shorthand for {@code path().resolve(other)}. */
    public Path resolve(String other) {
        return path.resolve(other);
    }

    /** Deletes the directory and everything below it; does not follow symlinks out of it. */
    void deleteRecursively() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
