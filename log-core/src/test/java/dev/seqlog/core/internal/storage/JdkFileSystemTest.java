package dev.seqlog.core.internal.storage;

import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link JdkFileSystem} against a real temporary directory, including the lock across processes. Confined to the
 * test thread.
 */
class JdkFileSystemTest {

    private static final int CHILD_LOCKED = 3;
    private static final int CHILD_GOT_LOCK = 0;

    private final FileSystem fs = new JdkFileSystem();

    @Test
    void writeReadSizeTruncateSyncRoundTrip(TestDir dir) throws IOException {
        Path path = dir.resolve("a.log");
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // several write syscalls' worth
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        try (StorageFile file = fs.open(path, true)) {
            ByteBuffer src = ByteBuffer.allocateDirect(big.length).put(big).flip();
            file.write(src, 10);
            assertFalse(src.hasRemaining(), "write drains the buffer");
            file.sync();
            assertEquals(10 + big.length, file.size());

            ByteBuffer dst = ByteBuffer.allocate(big.length);
            while (dst.hasRemaining()) {
                assertTrue(file.read(dst, 10 + dst.position()) > 0);
            }
            assertArrayEquals(big, dst.array());
            assertEquals(-1, file.read(ByteBuffer.allocate(1), file.size()));

            file.truncate(100);
            assertEquals(100, file.size());
        }
        assertEquals(100, Files.size(path));
        try (StorageFile again = fs.open(path, false)) {
            ByteBuffer head = ByteBuffer.allocate(10);
            assertEquals(10, again.read(head, 0));
            assertArrayEquals(new byte[10], head.array(), "the gap before the write reads as zeros");
        }
    }

    @Test
    void openWithoutCreateOfAMissingFileFails(TestDir dir) {
        assertThrows(NoSuchFileException.class, () -> fs.open(dir.resolve("absent"), false));
        assertFalse(fs.exists(dir.resolve("absent")));
    }

    @Test
    void renameReplacesTheTarget(TestDir dir) throws IOException {
        Path target = dir.resolve("checkpoint");
        Path temp = dir.resolve("checkpoint.tmp");
        Files.writeString(target, "old");
        Files.writeString(temp, "new");
        fs.rename(temp, target);
        fs.syncDirectory(dir.path());
        assertEquals("new", Files.readString(target));
        assertFalse(fs.exists(temp));
    }

    @Test
    void listGivesRegularFilesSortedByName(TestDir dir) throws IOException {
        for (String name : List.of("b", "c", "a")) {
            Files.writeString(dir.resolve(name), name);
        }
        fs.createDirectories(dir.resolve("sub/deeper"));
        assertEquals(List.of(dir.resolve("a"), dir.resolve("b"), dir.resolve("c")), fs.list(dir.path()));
        assertTrue(fs.exists(dir.resolve("sub/deeper")));
        assertEquals(List.of(), fs.list(dir.resolve("sub")));
        assertEquals(List.of(), fs.list(dir.resolve("absent")), "a missing directory lists as empty");
    }

    @Test
    void deleteIsSafeToRepeat(TestDir dir) throws IOException {
        Path path = dir.resolve("x");
        Files.writeString(path, "x");
        fs.delete(path);
        assertFalse(fs.exists(path));
        fs.delete(path);
    }

    @Test
    void syncDirectoryWorksOnLinux(TestDir dir) throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
        fs.syncDirectory(dir.path());
        assertThrows(NoSuchFileException.class, () -> fs.syncDirectory(dir.resolve("absent")));
    }

    @Test
    void aSecondLockInTheSameProcessIsRefusedUntilTheFirstCloses(TestDir dir) throws IOException {
        Path lockFile = dir.resolve("LOCK");
        Closeable first = fs.lock(lockFile);
        try {
            DirectoryLockedException e = assertThrows(DirectoryLockedException.class, () -> fs.lock(lockFile));
            assertTrue(e.getMessage().contains(lockFile.toString()), e.getMessage());
        } finally {
            first.close();
        }
        first.close(); // idempotent
        fs.lock(lockFile).close();
        assertTrue(fs.exists(lockFile), "a leftover lock file is harmless (spec §7.3)");
    }

    @Test
    void aSecondProcessCannotTakeTheLockWhileItIsHeld(TestDir dir) throws Exception {
        Path lockFile = dir.resolve("LOCK");
        Closeable held = fs.lock(lockFile);
        try {
            assertEquals(CHILD_LOCKED, runLockProbe(lockFile));
        } finally {
            held.close();
        }
        assertEquals(CHILD_GOT_LOCK, runLockProbe(lockFile));
    }

    /** Runs {@link LockProbe} in a new JVM and returns its exit status. */
    private static int runLockProbe(Path lockFile) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(),
                "-XX:-UsePerfData", // no hsperfdata file in the shared temp directory
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), lockFile.toString())
                .redirectErrorStream(true);
        Process child = builder.start();
        try (InputStream output = child.getInputStream()) {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
                throw new AssertionError("lock probe did not finish within 60 s");
            }
            int status = child.exitValue();
            if (status != CHILD_LOCKED && status != CHILD_GOT_LOCK) {
                throw new AssertionError("lock probe failed: status=" + status + "\n"
                        + new String(output.readAllBytes(), StandardCharsets.UTF_8));
            }
            return status;
        }
    }

    /** Child-process entry point: exits 3 if the lock is held elsewhere, 0 if it got and released it. Confined. */
    public static final class LockProbe {
        private LockProbe() {
        }

        public static void main(String[] args) throws IOException {
            Closeable lock;
            try {
                lock = new JdkFileSystem().lock(Path.of(args[0]));
            } catch (DirectoryLockedException e) {
                System.exit(CHILD_LOCKED);
                return;
            }
            lock.close();
            System.exit(CHILD_GOT_LOCK);
        }
    }
}
