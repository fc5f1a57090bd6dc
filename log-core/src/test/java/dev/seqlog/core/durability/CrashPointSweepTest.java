package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The crash-point sweep (STORAGE-GUARANTEES §13): run {@link CrashWorkload} on a simulated disk, crash
 * after mutating file call n, lose the cache (nothing, everything, or a torn subset), recover, and check
 * {@link CrashOracle}; then crash right after recovery and check that a second recovery observes the same
 * state (invariant 57), and that new writes never reuse an acknowledged seq (invariant 56).
 *
 * <p>The default run samples the crash points deterministically; the {@code exhaustive} profile visits
 * every one with several torn seeds.
 */
@ExpectErrorLogs // every simulated crash is first reported by the WAL writer as a storage failure
class CrashPointSweepTest {
    private static final Path DATA = Path.of("data");

    private static final Path COLD = Path.of("cold");

    private SeqlogEngine open(SimulatedFileSystem fs) {
        return SeqlogEngine.open(tier(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(new ManualClock(1_000_000))
                .hotRetainSegments(1)
                .walShards(1).walFileBytes(8 << 10).walFlushIntervalMs(1000).backgroundPreallocation(false)
                .backgroundExpiry(false).backgroundCheckpoints(false).segmentMaxRecords(4), fs).build());
    }

    /** The cold tier the sweep runs with: here the cold directory. */
    EngineOptions.Builder tier(EngineOptions.Builder options, SimulatedFileSystem fs) {
        return options.coldDir(COLD);
    }

    /** A disk with the cold tier's directory in place (one mutating call, before any crash point). */
    SimulatedFileSystem disk() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try {
            fs.createDirectories(COLD);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return fs;
    }

    /** @return what the sweep covers beyond the main workload, for its summary line ("" for nothing) */
    String subject() {
        return "";
    }

    /** Checks that the uninterrupted run exercised what the sweep is about. */
    void checkCoverage(SeqlogEngine log) {
    }

    private long totalCalls() {
        SimulatedFileSystem fs = disk();
        try (SeqlogEngine log = open(fs)) {
            new CrashWorkload().run(log);
            checkCoverage(log);
        }
        return fs.mutatingCalls();
    }

    @Test
    void sampledCrashPoints() {
        long total = totalCalls();
        assertTrue(total > 40, "the workload should exercise many file calls, got " + total);
        int checked = CrashPoints.sampled(total, this::sweepPoint);
        assertTrue(checked >= 40, "sampled " + checked);
    }

    @Test
    @Tag("exhaustive")
    void everyCrashPoint() {
        long total = totalCalls();
        CrashPoints.every(total, this::sweepPoint);
        System.out.println("swept " + (total + 1) + " " + subject() + "crash points x 5 loss modes");
    }

    private void sweepPoint(long n, TearMode mode, long seed) {
        SimulatedFileSystem fs = disk();
        fs.crashAfter(n);
        CrashWorkload w = new CrashWorkload();
        SeqlogEngine crashed = null;
        try {
            crashed = open(fs);
            w.run(crashed);
        } catch (RuntimeException | Error expected) {
            // crashed while opening
        } finally {
            if (crashed != null) {
                try {
                    crashed.close(); // its final checkpoint is part of the sweep too
                } catch (RuntimeException | Error expected) {
                    // crashed while closing
                }
            }
        }
        SimulatedFileSystem afterCrash = fs.powerLoss(mode, seed);
        String where = "crash after call " + n + " mode " + mode + " seed " + seed;
        Map<String, CrashOracle.Observed> first = new HashMap<>();
        SeqlogEngine recovered = open(afterCrash);
        try {
            String problem = CrashOracle.verify(recovered, w);
            if (problem != null) {
                fail(where + ": " + problem + "\ntrace:\n" + fs.traceTail(40));
            }
            for (String t : CrashWorkload.CLASSES.keySet()) {
                first.put(t, CrashOracle.observe(recovered, t));
            }
        } finally {
            recovered.close();
        }
        // a crash right after recovery, then recovery again: the same observable state
        SimulatedFileSystem again = afterCrash.powerLoss(TearMode.NONE, 0);
        try (SeqlogEngine second = open(again)) {
            for (String t : CrashWorkload.CLASSES.keySet()) {
                assertEquals(first.get(t), CrashOracle.observe(second, t), where + ": second recovery of " + t);
            }
            for (String t : CrashWorkload.CLASSES.keySet()) {
                if (first.get(t).exists() && CrashWorkload.CLASSES.get(t) != Durability.MEMORY) {
                    long seq = second.append(t, AppendRequest.of(RecordInput.json("0"))).firstSeq();
                    assertTrue(seq > CrashOracle.maxAckedSeq(w, t), where + ": seq " + seq + " reused in " + t);
                }
            }
        }
    }
}
