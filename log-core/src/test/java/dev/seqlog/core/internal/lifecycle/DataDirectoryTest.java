package dev.seqlog.core.internal.lifecycle;

import dev.seqlog.core.internal.storage.DirectoryLockedException;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The directory lock as an offline check takes it: never creating anything, refused while an engine holds it. */
class DataDirectoryTest {
    private static final Path ROOT = Path.of("data");

    private final SimulatedFileSystem fs = new SimulatedFileSystem();

    @Test
    void aDirectoryNoEngineEverOpenedHasNothingToLockAndGainsNoFile() throws Exception {
        fs.createDirectories(ROOT);
        assertNull(DataDirectory.lockExisting(fs, ROOT));
        assertFalse(fs.exists(ROOT.resolve(DataDirectory.LOCK_FILE)));
    }

    @Test
    void theLockIsRefusedWhileAnEngineHoldsItAndTakenOnceReleased() throws Exception {
        DataDirectory held = DataDirectory.lock(fs, ROOT, null);
        assertThrows(DirectoryLockedException.class, () -> DataDirectory.lockExisting(fs, ROOT));
        held.close();
        try (Closeable lock = DataDirectory.lockExisting(fs, ROOT)) {
            assertNotNull(lock);
            assertThrows(DirectoryLockedException.class, () -> DataDirectory.lock(fs, ROOT, null));
        }
    }
}
