package dev.seqlog.core.spi.sim;

import dev.seqlog.core.internal.storage.DirectoryLockedException;
import dev.seqlog.core.spi.StorageFile;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated disk's cache, directory, fault and crash model. Confined to the test thread. */
class SimulatedFileSystemTest {

    private static final Path DIR = Path.of("data", "wal");
    private static final Path FILE = DIR.resolve("000001.log");

    private final SimulatedFileSystem disk = new SimulatedFileSystem();

    @Test
    void unflushedWritesAreLostOnNoneAndKeptOnAll() throws IOException {
        durableFile(FILE, fill(100, 1));
        try (StorageFile f = disk.open(FILE, false)) {
            f.write(ByteBuffer.wrap(fill(50, 2)), 100);
        }
        assertArrayEquals(concat(fill(100, 1), fill(50, 2)), disk.fileBytes(FILE));
        assertArrayEquals(fill(100, 1), disk.durableBytes(FILE));

        assertArrayEquals(fill(100, 1), disk.powerLoss(TearMode.NONE, 1).fileBytes(FILE));
        assertArrayEquals(concat(fill(100, 1), fill(50, 2)), disk.powerLoss(TearMode.ALL, 1).fileBytes(FILE));
    }

    @Test
    void aProcessCrashKeepsTheCacheWhichALaterPowerLossStillLoses() throws IOException {
        durableFile(FILE, fill(100, 1));
        Path fresh = DIR.resolve("000002.log");
        try (StorageFile f = disk.open(FILE, false); StorageFile g = disk.open(fresh, true)) {
            f.write(ByteBuffer.wrap(fill(50, 2)), 100);
            g.write(ByteBuffer.wrap(fill(10, 3)), 0);
        }
        SimulatedFileSystem after = disk.processCrash();
        assertTrue(disk.crashed());
        assertThrows(SimulatedCrashException.class, () -> disk.exists(FILE));
        assertFalse(after.crashed());
        assertEquals(0, after.mutatingCalls());
        // everything written is still there, names included...
        assertArrayEquals(concat(fill(100, 1), fill(50, 2)), after.fileBytes(FILE));
        assertArrayEquals(fill(10, 3), after.fileBytes(fresh));
        // ...and still unflushed: the copy is independent of the dead disk, and a power loss now drops it
        SimulatedFileSystem again = after.processCrash();
        SimulatedFileSystem lost = after.powerLoss(TearMode.NONE, 0);
        assertArrayEquals(fill(100, 1), lost.fileBytes(FILE));
        assertFalse(lost.exists(fresh), "an entry never synced into its directory");
        try (StorageFile f = again.open(FILE, false)) {
            f.sync();
        }
        assertArrayEquals(concat(fill(100, 1), fill(50, 2)), again.powerLoss(TearMode.NONE, 0).fileBytes(FILE));
    }

    @Test
    void truncationIsVolatileUntilSync() throws IOException {
        durableFile(FILE, fill(1000, 1));
        try (StorageFile f = disk.open(FILE, false)) {
            f.truncate(10);
            assertEquals(10, f.size());
            assertEquals(1000, disk.powerLoss(TearMode.NONE, 0).fileBytes(FILE).length);
            assertEquals(10, disk.powerLoss(TearMode.ALL, 0).fileBytes(FILE).length);
        }
        SimulatedFileSystem synced = new SimulatedFileSystem();
        synced.createDirectories(DIR);
        try (StorageFile f = synced.open(FILE, true)) {
            f.write(ByteBuffer.wrap(fill(1000, 1)), 0);
            f.truncate(10);
            f.sync();
        }
        synced.syncDirectory(DIR);
        assertEquals(10, synced.powerLoss(TearMode.NONE, 0).fileBytes(FILE).length);
    }

    /** Non-overlapping unflushed writes with distinct fill bytes, so each surviving byte names its write. */
    @Test
    void tornIsDeterministicPerSeedAndKeepsOnlyDurableBytesPlusSomeWritesOneMaybeCutAtASector()
            throws IOException {
        byte[] durable = fill(2048, 0x55);
        durableFile(FILE, durable);
        int[][] writes = {{100, 700}, {1200, 10}, {2048, 1500}, {4000, 300}}; // offset, length; fill = index + 1
        try (StorageFile f = disk.open(FILE, false)) {
            for (int i = 0; i < writes.length; i++) {
                f.write(ByteBuffer.wrap(fill(writes[i][1], i + 1)), writes[i][0]);
            }
        }
        Set<String> outcomes = new HashSet<>();
        boolean sawTear = false;
        for (long seed = 0; seed < 300; seed++) {
            byte[] after = disk.powerLoss(TearMode.TORN, seed).fileBytes(FILE);
            assertArrayEquals(after, disk.powerLoss(TearMode.TORN, seed).fileBytes(FILE), "seed " + seed);
            int torn = 0;
            int expectedLength = durable.length;
            StringBuilder outcome = new StringBuilder();
            for (int i = 0; i < writes.length; i++) {
                int offset = writes[i][0];
                int kept = keptPrefix(after, offset, writes[i][1], i + 1);
                if (kept > 0 && kept < writes[i][1]) {
                    torn++;
                    assertEquals(0, (offset + kept) % 512, "seed " + seed + ": write " + i + " torn off-sector");
                }
                if (kept > 0) {
                    expectedLength = Math.max(expectedLength, offset + kept);
                }
                outcome.append(kept).append(',');
            }
            assertTrue(torn <= 1, "seed " + seed + ": more than one torn write");
            sawTear |= torn == 1;
            assertEquals(expectedLength, after.length, "seed " + seed);
            // Every byte not covered by a kept prefix is the durable byte, or a zero past the durable end.
            for (int pos = 0; pos < after.length; pos++) {
                if (!coveredByKept(after, writes, pos)) {
                    byte expected = pos < durable.length ? durable[pos] : 0;
                    assertEquals(expected, after[pos], "seed " + seed + " byte " + pos);
                }
            }
            outcomes.add(outcome.toString());
        }
        assertTrue(sawTear, "no seed tore a write");
        assertTrue(outcomes.contains("0,0,0,0,"), "no seed dropped every write: " + outcomes);
        assertTrue(outcomes.contains("700,10,1500,300,"), "no seed kept every write: " + outcomes);
    }

    @Test
    void aCreatedFileVanishesUnlessItsDirectoryWasSynced() throws IOException {
        disk.createDirectories(DIR);
        try (StorageFile f = disk.open(FILE, true)) {
            f.write(ByteBuffer.wrap(fill(10, 1)), 0);
            f.sync(); // content durable, but the name is not
        }
        assertFalse(disk.powerLoss(TearMode.ALL, 0).exists(FILE));
        assertTrue(disk.powerLoss(TearMode.ALL, 0).exists(DIR), "directories are durable once created");

        SimulatedFileSystem synced = new SimulatedFileSystem();
        synced.createDirectories(DIR);
        synced.open(FILE, true).close();
        synced.syncDirectory(DIR);
        assertEquals(List.of(FILE), synced.powerLoss(TearMode.NONE, 0).list(DIR));
    }

    @Test
    void aRenameIsUndoneUnlessTheDirectoryWasSynced() throws IOException {
        Path target = DIR.resolve("checkpoint");
        Path temp = DIR.resolve("checkpoint.tmp");
        durableFile(target, fill(5, 1));
        durableFile(temp, fill(7, 2));
        disk.rename(temp, target);
        assertEquals(List.of(target), disk.list(DIR));

        SimulatedFileSystem lost = disk.powerLoss(TearMode.ALL, 0);
        assertEquals(List.of(target, temp), lost.list(DIR));
        assertArrayEquals(fill(5, 1), lost.fileBytes(target));
        assertArrayEquals(fill(7, 2), lost.fileBytes(temp));

        SimulatedFileSystem again = lost.powerLoss(TearMode.NONE, 0);
        again.rename(temp, target);
        again.syncDirectory(DIR);
        SimulatedFileSystem kept = again.powerLoss(TearMode.NONE, 0);
        assertEquals(List.of(target), kept.list(DIR));
        assertArrayEquals(fill(7, 2), kept.fileBytes(target));
    }

    @Test
    void aDeletedFileComesBackWithItsDurableContentUnlessTheDirectoryWasSynced() throws IOException {
        durableFile(FILE, fill(20, 1));
        try (StorageFile f = disk.open(FILE, false)) {
            f.write(ByteBuffer.wrap(fill(5, 9)), 0); // unflushed
        }
        disk.delete(FILE);
        assertFalse(disk.exists(FILE));
        SimulatedFileSystem back = disk.powerLoss(TearMode.NONE, 0);
        assertArrayEquals(fill(20, 1), back.fileBytes(FILE));

        back.delete(FILE);
        back.syncDirectory(DIR);
        assertFalse(back.powerLoss(TearMode.ALL, 0).exists(FILE));
    }

    @Test
    void crashAfterNThrowsOnEveryLaterCall() throws IOException {
        disk.crashAfter(2);
        disk.createDirectories(DIR); // #1
        StorageFile f = disk.open(FILE, true); // #2, then the crash
        assertTrue(disk.crashed());
        assertThrows(SimulatedCrashException.class, () -> disk.exists(FILE));
        assertThrows(SimulatedCrashException.class, () -> f.size());
        assertThrows(SimulatedCrashException.class, () -> f.write(ByteBuffer.allocate(1), 0));
        assertEquals(2, disk.mutatingCalls());
        f.close(); // a dead process's descriptors are released without error
        assertEquals(0, disk.openFiles());

        SimulatedFileSystem immediate = new SimulatedFileSystem();
        immediate.crashAfter(0);
        assertThrows(SimulatedCrashException.class, () -> immediate.list(DIR));
    }

    @Test
    void aCrashIsNotAnExceptionProductionCodeCatches() {
        assertFalse(Exception.class.isAssignableFrom(SimulatedCrashException.class));
    }

    @Test
    void failAtInjectsEioAndEnospcOnce() throws IOException {
        disk.createDirectories(DIR); // #1
        StorageFile f = disk.open(FILE, true); // #2
        disk.faults().failAt(3, Fault.EIO);
        disk.faults().failAt(5, Fault.ENOSPC);
        ByteBuffer src = ByteBuffer.wrap(fill(10, 1));
        IOException eio = assertThrows(IOException.class, () -> f.write(src, 0)); // #3
        assertEquals("Input/output error", eio.getMessage());
        assertEquals(0, src.position());
        assertEquals(0, f.size(), "a failed write lands nothing");
        f.write(src, 0); // #4
        IOException enospc = assertThrows(IOException.class, f::sync); // #5
        assertEquals("No space left on device", enospc.getMessage());
        assertArrayEquals(new byte[0], disk.durableBytes(FILE), "a failed sync makes nothing durable");
        f.sync(); // #6
        assertArrayEquals(fill(10, 1), disk.durableBytes(FILE));
        f.close();
        assertEquals(6, disk.mutatingCalls());
        assertTrue(disk.traceTail(10).contains("#3 write"), disk.traceTail(10));
    }

    @Test
    void aShortWriteLandsAPrefixThenFails() throws IOException {
        disk.createDirectories(DIR); // #1
        try (StorageFile f = disk.open(FILE, true)) { // #2
            disk.faults().failAt(3, Fault.SHORT_WRITE);
            disk.faults().failShortWriteAt(4, 3);
            ByteBuffer src = ByteBuffer.wrap(fill(10, 1));
            IOException e = assertThrows(IOException.class, () -> f.write(src, 0));
            assertEquals("No space left on device", e.getMessage());
            assertEquals(5, src.position());
            assertArrayEquals(fill(5, 1), disk.fileBytes(FILE));
            assertThrows(IOException.class, () -> f.write(ByteBuffer.wrap(fill(10, 2)), 100));
            assertEquals(103, f.size());
        }
    }

    @Test
    void aFullDiskRefusesGrowthButAllowsOverwrites() throws IOException {
        disk.createDirectories(DIR);
        disk.faults().failWritesWhenSizeExceeds(100);
        try (StorageFile f = disk.open(FILE, true)) {
            IOException e = assertThrows(IOException.class, () -> f.write(ByteBuffer.wrap(fill(150, 1)), 0));
            assertEquals("No space left on device", e.getMessage());
            assertEquals(100, f.size(), "what fits lands");
            f.write(ByteBuffer.wrap(fill(50, 2)), 0);
            disk.faults().clear();
            f.write(ByteBuffer.wrap(fill(10, 3)), 100);
            disk.faults().diskFullFromNow();
            assertThrows(IOException.class, () -> f.write(ByteBuffer.wrap(fill(1, 4)), 110));
            assertEquals(110, disk.usedBytes());
        }
    }

    @Test
    void syncsFailFromNowOnFilesAndDirectories() throws IOException {
        disk.createDirectories(DIR);
        try (StorageFile f = disk.open(FILE, true)) {
            f.sync();
            disk.faults().syncsFailFromNow();
            assertEquals("Input/output error", assertThrows(IOException.class, f::sync).getMessage());
            assertThrows(IOException.class, () -> disk.syncDirectory(DIR));
            f.write(ByteBuffer.wrap(fill(1, 1)), 0);
        }
    }

    @Test
    void onlyMutatingCallsAreNumbered() throws IOException {
        disk.createDirectories(DIR); // #1
        disk.createDirectories(DIR); // exists: not numbered
        try (StorageFile f = disk.open(FILE, true)) { // #2
            f.write(ByteBuffer.wrap(fill(4, 1)), 0); // #3
            f.read(ByteBuffer.allocate(4), 0);
            f.size();
            f.truncate(2); // #4
            f.sync(); // #5
        }
        disk.open(FILE, true).close(); // exists: not numbered
        disk.list(DIR);
        disk.exists(FILE);
        disk.rename(FILE, DIR.resolve("b")); // #6
        disk.delete(DIR.resolve("b")); // #7
        disk.syncDirectory(DIR); // #8
        disk.lock(DIR.resolve("LOCK")).close();
        assertEquals(8, disk.mutatingCalls());
        List<String> numbered = new ArrayList<>();
        for (String line : disk.trace()) {
            if (line.startsWith("#")) {
                numbered.add(line.substring(0, line.indexOf(' ')));
            }
        }
        assertEquals(List.of("#1", "#2", "#3", "#4", "#5", "#6", "#7", "#8"), numbered, disk.traceTail(20));
    }

    @Test
    void misuseIsReportedLikeARealFileSystem() throws IOException {
        assertThrows(NoSuchFileException.class, () -> disk.open(FILE, true), "parent directory missing");
        disk.createDirectories(DIR);
        assertThrows(NoSuchFileException.class, () -> disk.open(FILE, false));
        assertThrows(NoSuchFileException.class, () -> disk.rename(FILE, DIR.resolve("x")));
        StorageFile f = disk.open(FILE, true);
        f.close();
        assertThrows(ClosedChannelException.class, f::size);
        assertThrows(IllegalArgumentException.class, () -> disk.rename(FILE, Path.of("elsewhere", "x")));
        assertEquals(List.of(), disk.list(Path.of("absent")));
    }

    @Test
    void locksAreExclusiveAndPowerLossReleasesThem() throws IOException {
        disk.createDirectories(DIR);
        Path lockFile = DIR.resolve("LOCK");
        Closeable held = disk.lock(lockFile);
        assertThrows(DirectoryLockedException.class, () -> disk.lock(lockFile));
        held.close();
        Closeable again = disk.lock(lockFile);
        disk.syncDirectory(DIR);
        SimulatedFileSystem after = disk.powerLoss(TearMode.NONE, 0);
        after.lock(lockFile).close();
        again.close();
    }

    @Test
    void corruptionHelpersChangeDurableContentToo() throws IOException {
        durableFile(FILE, fill(10, 0));
        disk.corruption().flipBit(FILE, 3, 2);
        disk.corruption().writeDurably(FILE, 12, new byte[] {7, 7});
        byte[] expected = new byte[14];
        expected[3] = 4;
        expected[12] = 7;
        expected[13] = 7;
        assertArrayEquals(expected, disk.fileBytes(FILE));
        assertArrayEquals(expected, disk.powerLoss(TearMode.NONE, 0).fileBytes(FILE));

        SimulatedFileSystem cut = disk.powerLoss(TearMode.NONE, 0);
        cut.corruption().truncateTo(FILE, 4);
        assertArrayEquals(Arrays.copyOf(expected, 4), cut.powerLoss(TearMode.NONE, 0).fileBytes(FILE));
    }

    @Test
    void concurrentWritersAndReadersSeeAConsistentDisk() throws Exception {
        disk.createDirectories(DIR);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (StorageFile f = disk.open(FILE, true)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int slot = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        f.write(ByteBuffer.wrap(fill(8, slot + 1)), (i * 4L + slot) * 8);
                        f.read(ByteBuffer.allocate(8), 0);
                    }
                    f.sync();
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        byte[] bytes = disk.fileBytes(FILE);
        assertEquals(3200, bytes.length);
        for (int pos = 0; pos < bytes.length; pos++) {
            assertEquals(pos / 8 % 4 + 1, bytes[pos], "byte " + pos);
        }
        assertEquals(1 + 1 + 4 * 101, disk.mutatingCalls());
    }

    // ---------------------------------------------------------------- helpers

    /** Creates {@code path} with {@code content}, synced and with its directory synced. */
    private void durableFile(Path path, byte[] content) throws IOException {
        disk.createDirectories(path.getParent());
        try (StorageFile f = disk.open(path, true)) {
            f.write(ByteBuffer.wrap(content), 0);
            f.sync();
        }
        disk.syncDirectory(path.getParent());
    }

    private static byte[] fill(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** How many leading bytes of the write at {@code offset} carry its fill value. */
    private static int keptPrefix(byte[] after, int offset, int length, int value) {
        int kept = 0;
        while (kept < length && offset + kept < after.length && after[offset + kept] == value) {
            kept++;
        }
        return kept;
    }

    private static boolean coveredByKept(byte[] after, int[][] writes, int pos) {
        for (int i = 0; i < writes.length; i++) {
            int offset = writes[i][0];
            if (pos >= offset && pos < offset + keptPrefix(after, offset, writes[i][1], i + 1)) {
                return true;
            }
        }
        return false;
    }
}
