package dev.seqlog.testsupport;

import java.io.IOException;

/**
 * What {@link StrictTestExtension} recorded before one test, kept in that test's extension store. Confined to
 * the test thread (JUnit calls the callbacks and parameter resolution for one test on one thread).
 */
final class TestState {

    private final ThreadLeakCheck threads;
    private final TmpDirCheck tmpDir;
    private final LogCapture logs;
    private TestDir testDir;

    TestState(ThreadLeakCheck threads, TmpDirCheck tmpDir, LogCapture logs) {
        this.threads = threads;
        this.tmpDir = tmpDir;
        this.logs = logs;
    }

    ThreadLeakCheck threads() {
        return threads;
    }

    TmpDirCheck tmpDir() {
        return tmpDir;
    }

    LogCapture logs() {
        return logs;
    }

    /** Made on first request so tests that need no directory cost nothing; shared by @BeforeEach and @Test. */
    TestDir testDir() throws IOException {
        if (testDir == null) {
            testDir = TestDir.create();
        }
        return testDir;
    }

    /** The directory if one was made, else {@code null}. */
    TestDir testDirIfCreated() {
        return testDir;
    }
}
