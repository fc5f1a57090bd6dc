package dev.seqlog.core.backup;

import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedCrashException;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crashes an offline restore after each of its file calls and loses the cache (nothing, everything, or a torn
 * subset): afterwards the directory either still holds the marker, and the engine refuses it, or holds nothing
 * an engine would read, or is complete and recovers exactly the backup's records (STORAGE-GUARANTEES §12.4).
 */
class RestoreCrashSweepTest {
    private static final Path SOURCE = Path.of("source");
    private static final Path TARGET = Path.of("restored");
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(SimulatedFileSystem fs, Path dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir).fileSystem(fs).clock(clock).walShards(1)
                .walFileBytes(8 << 10).backgroundPreallocation(false).backgroundExpiry(false)
                .backgroundCheckpoints(false).segmentMaxRecords(8).build());
    }

    /** A backup's files and manifest, read out of an engine on a simulated disk. */
    private record Archive(Map<String, byte[]> files, Map<String, Restore.Expected> manifest, List<String> records) {
    }

    private Archive archive() throws IOException {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (SeqlogEngine log = open(fs, SOURCE)) {
            log.configure("a", TopicConfig.builder().build());
            BackupTest.write(log, "a", 0, 30);
            log.checkpoint();
            BackupTest.write(log, "a", 30, 5);
            List<String> records = BackupTest.records(log, "a");
            Map<String, byte[]> files = new LinkedHashMap<>();
            Map<String, Restore.Expected> manifest = new LinkedHashMap<>();
            try (Backup b = log.backup()) {
                for (BackupFile f : b.files()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    b.copy(f, out);
                    files.put(f.name(), out.toByteArray());
                    manifest.put(f.name(), new Restore.Expected(f.size(), BackupTest.sha256(out.toByteArray())));
                }
            }
            return new Archive(files, manifest, records);
        }
    }

    private static void restore(SimulatedFileSystem fs, Archive a) throws IOException {
        try (Restore r = Restore.begin(fs, TARGET, TARGET.resolve("cold"))) {
            for (Map.Entry<String, byte[]> f : a.files().entrySet()) {
                r.write(f.getKey(), new ByteArrayInputStream(f.getValue()), f.getValue().length);
            }
            r.finish(a.manifest());
        }
    }

    private long totalCalls(Archive a) throws IOException {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        restore(fs, a);
        return fs.mutatingCalls();
    }

    @Test
    void sampledCrashPoints() throws IOException {
        Archive a = archive();
        long total = totalCalls(a);
        assertTrue(total > 10, "a restore makes many file calls, got " + total);
        for (long n = 0; n <= total; n += Math.max(1, total / 25)) {
            check(a, n, TearMode.NONE, 0);
            check(a, n, TearMode.TORN, n);
        }
        check(a, total, TearMode.NONE, 0);
    }

    @Test
    @Tag("exhaustive")
    void everyCrashPoint() throws IOException {
        Archive a = archive();
        long total = totalCalls(a);
        for (long n = 0; n <= total; n++) {
            check(a, n, TearMode.NONE, 0);
            check(a, n, TearMode.ALL, 0);
            for (long seed = 1; seed <= 3; seed++) {
                check(a, n, TearMode.TORN, n * 31 + seed);
            }
        }
        System.out.println("swept " + (total + 1) + " restore crash points x 5 loss modes");
    }

    private void check(Archive a, long n, TearMode mode, long seed) {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        fs.crashAfter(n);
        try {
            restore(fs, a);
        } catch (IOException | RuntimeException | SimulatedCrashException crashed) {
            // the simulated process died part-way
        }
        SimulatedFileSystem after = fs.powerLoss(mode, seed);
        String where = "crash after call " + n + " mode " + mode + " seed " + seed;
        if (after.exists(TARGET.resolve(Restore.MARKER))) {
            SeqlogException refused = assertThrows(SeqlogException.class, () -> open(after, TARGET).close(), where);
            assertTrue(refused.getMessage().contains("restore"), where + ": " + refused.getMessage());
            return;
        }
        boolean anyData = after.files().stream().anyMatch(p -> p.startsWith(TARGET) && !p.endsWith("LOCK"));
        if (!anyData) {
            return; // the marker never became durable, and neither did anything else
        }
        try (SeqlogEngine restored = open(after, TARGET)) {
            assertEquals(a.records(), BackupTest.records(restored, "a"), where);
        } catch (RuntimeException e) {
            fail(where + ": a directory without the marker must be complete, but " + e, e);
        }
    }
}
