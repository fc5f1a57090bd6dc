package dev.seqlog.core.durability;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash-point sweep of one {@link CrashPoints.Workload} on a small simulated disk (one WAL shard, small WAL
 * files and segments, no background work): the default run samples the crash points, the {@code exhaustive}
 * profile visits every one with every loss mode. A subclass names the workload.
 */
abstract class WorkloadSweep {
    private static final Path DATA = Path.of("data");
    private static final long START = 1_000_000;

    /** @return a fresh workload on the sweep's clock */
    abstract CrashPoints.Workload workload(ManualClock clock);

    /** @return what the sweep covers, for its summary line */
    abstract String subject();

    private static SeqlogEngine open(SimulatedFileSystem fs, ManualClock clock) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(clock)
                .walShards(1).walFileBytes(8 << 10).walFlushIntervalMs(1000).backgroundPreallocation(false)
                .backgroundExpiry(false).backgroundCheckpoints(false).segmentMaxRecords(4).build());
    }

    private long totalCalls() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        ManualClock clock = new ManualClock(START);
        try (SeqlogEngine log = open(fs, clock)) {
            workload(clock).run(log);
        }
        return fs.mutatingCalls();
    }

    @Test
    void sampledCrashPoints() {
        long total = totalCalls();
        assertTrue(total > 40, "the workload should exercise many file calls, got " + total);
        CrashPoints.sampled(total, this::sweepPoint);
    }

    @Test
    @Tag("exhaustive")
    void everyCrashPoint() {
        long total = totalCalls();
        CrashPoints.every(total, this::sweepPoint);
        System.out.println("swept " + (total + 1) + " " + subject() + " crash points x 5 loss modes");
    }

    private void sweepPoint(long n, TearMode mode, long seed) {
        ManualClock clock = new ManualClock(START);
        CrashPoints.crashAndCheck(n, mode, seed, fs -> open(fs, clock), workload(clock));
    }
}
