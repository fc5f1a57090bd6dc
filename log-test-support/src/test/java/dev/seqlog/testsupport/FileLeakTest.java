package dev.seqlog.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the file checks: descriptors left open in a TestDir and files left in java.io.tmpdir. Confined. */
class FileLeakTest {

    @Test
    void fileLeftOpenInTestDirFailsTheTestAndTheDirIsStillDeleted() throws IOException {
        assumeTrue(OpenFileCheck.supported(), "needs /proc/self/fd");
        try {
            Throwable failure = FixtureRunner.singleFailure(FixtureRunner.run(KeepsFileOpen.class));

            String message = failure.getMessage();
            assertTrue(message.contains("file descriptor(s) still open"), message);
            assertTrue(message.contains("segment-0.log"), message);
            assertFalse(Files.exists(KeepsFileOpen.dir), "test directory should be deleted anyway");
        } finally {
            if (KeepsFileOpen.channel != null) {
                KeepsFileOpen.channel.close();
            }
        }
    }

    @Test
    void fileLeftInTmpDirFailsTheTest() throws IOException {
        try {
            Throwable failure = FixtureRunner.singleFailure(FixtureRunner.run(LeavesTmpFile.class));

            String message = failure.getMessage();
            assertTrue(message.contains("left in java.io.tmpdir"), message);
            assertTrue(message.contains(LeavesTmpFile.file.getFileName().toString()), message);
        } finally {
            if (LeavesTmpFile.file != null) {
                Files.deleteIfExists(LeavesTmpFile.file);
            }
        }
    }

    @Test
    void cleanTestsPassGetAFreshDirEachAndTheDirsAreDeleted() {
        CleanFiles.dirs.clear();

        FixtureRunner.assertAllPassed(FixtureRunner.run(CleanFiles.class), 2);

        assertEquals(2, CleanFiles.dirs.size());
        assertNotEquals(CleanFiles.dirs.get(0), CleanFiles.dirs.get(1));
        CleanFiles.dirs.forEach(dir -> assertFalse(Files.exists(dir), dir + " should be deleted"));
    }

    @Fixture
    static class KeepsFileOpen {
        static volatile Path dir;
        static volatile FileChannel channel;

        @Test
        void opensAndForgets(TestDir testDir) throws IOException {
            dir = testDir.path();
            channel = FileChannel.open(testDir.resolve("segment-0.log"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    @Fixture
    static class LeavesTmpFile {
        static volatile Path file;

        @Test
        void createsTempFileAndForgets() throws IOException {
            file = Files.createTempFile("seqlog-fixture-leftover-", ".tmp");
        }
    }

    @Fixture
    static class CleanFiles {
        static final List<Path> dirs = new CopyOnWriteArrayList<>();
        private Path dirSeenInBeforeEach;

        @BeforeEach
        void seeDir(TestDir testDir) {
            dirSeenInBeforeEach = testDir.path();
        }

        @Test
        void writesAndClosesFiles(TestDir testDir, @TempDir Path junitTempDir) throws IOException {
            assertEquals(dirSeenInBeforeEach, testDir.path(), "@BeforeEach and @Test share the TestDir");
            assertTrue(isEmpty(testDir.path()));
            dirs.add(testDir.path());
            Files.writeString(testDir.resolve("closed.txt"), "written and closed");
            Files.createDirectories(testDir.resolve("nested/deeper"));
            Files.writeString(testDir.resolve("nested/deeper/also.txt"), "deleted with its parents");
            Files.writeString(junitTempDir.resolve("ignored.txt"), "JUnit removes its own @TempDir");
        }

        @Test
        void anotherTestGetsItsOwnEmptyDir(TestDir testDir) throws IOException {
            assertTrue(isEmpty(testDir.path()));
            dirs.add(testDir.path());
        }

        private static boolean isEmpty(Path dir) throws IOException {
            try (var entries = Files.list(dir)) {
                return entries.findAny().isEmpty();
            }
        }
    }
}
