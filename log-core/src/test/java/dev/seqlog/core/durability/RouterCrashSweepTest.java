package dev.seqlog.core.durability;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash-point sweep for routers: runs {@link RouterCrashWorkload} on a simulated disk, crashes after mutating
 * file call n, loses the cache (nothing, everything, or a torn subset), recovers, lets the routers finish, and
 * checks that both destinations hold exactly the source's records, in order, with no duplicate.
 *
 * <p>The default run samples the crash points; the {@code exhaustive} profile visits every one.
 */
@ExpectErrorLogs // every simulated crash is first reported by the WAL writer as a storage failure
class RouterCrashSweepTest {
    private static final Path DATA = Path.of("data");
    private static final long START = 1_000_000;

    private static SeqlogEngine open(SimulatedFileSystem fs, ManualClock clock) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(clock)
                .walShards(1).walFileBytes(8 << 10).walFlushIntervalMs(1000).backgroundPreallocation(false)
                .backgroundExpiry(false).backgroundCheckpoints(false).segmentMaxRecords(4).build());
    }

    private static long totalCalls() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        ManualClock clock = new ManualClock(START);
        try (SeqlogEngine log = open(fs, clock)) {
            new RouterCrashWorkload().run(log);
        }
        return fs.mutatingCalls();
    }

    @Test
    void sampledCrashPoints() {
        long total = totalCalls();
        assertTrue(total > 40, "the workload should exercise many file calls, got " + total);
        CrashPoints.sampled(total, RouterCrashSweepTest::sweepPoint);
    }

    @Test
    @Tag("exhaustive")
    void everyCrashPoint() {
        long total = totalCalls();
        CrashPoints.every(total, RouterCrashSweepTest::sweepPoint);
        System.out.println("swept " + (total + 1) + " router crash points x 5 loss modes");
    }

    private static void sweepPoint(long n, TearMode mode, long seed) {
        ManualClock clock = new ManualClock(START);
        CrashPoints.crashAndCheck(n, mode, seed, fs -> open(fs, clock), new RouterCrashWorkload());
    }
}
