package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WAL files a checkpoint covers are recycled as new files without zero-filling them: the old frames left in
 * a recycled file must never be read back as records, whether recovery follows a clean stop or a crash.
 */
class WalRecyclingTest {
    private static final Path DATA = Path.of("data");

    private static SeqlogEngine open(SimulatedFileSystem fs) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(new ManualClock(1_000_000))
                .walShards(1).walFileBytes(4096).backgroundPreallocation(false).backgroundExpiry(false)
                .backgroundCheckpoints(false).build());
    }

    private static void append(SeqlogEngine log, int from, int n) {
        for (int i = from; i < from + n; i++) {
            log.append("f", AppendRequest.of(RecordInput.json("{\"i\":" + i + ",\"pad\":\"" + "x".repeat(150) + "\"}")));
        }
    }

    private static long count(SimulatedFileSystem fs, String suffix) {
        return fs.files().stream().filter(p -> p.toString().endsWith(suffix)).count();
    }

    private static List<Long> seqs(SeqlogEngine log) {
        List<Long> out = new ArrayList<>();
        long cursor = 0;
        while (true) {
            DiffResult r = log.diff("f", DiffRequest.from(cursor).withLimit(1000));
            for (TopicRecord rec : r.records()) {
                out.add(rec.seq());
            }
            if (r.caughtUp()) {
                return out;
            }
            cursor = r.nextFromSeq();
        }
    }

    @Test
    @ExpectErrorLogs // the crashed engine's WAL writer reports the simulated crash
    void recycledFilesNeverReplayTheirOldFrames() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        int written;
        try {
            SeqlogEngine log = open(fs);
            try {
                log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
                append(log, 1, 60); // several 4 KiB files
                log.checkpoint();
                append(log, 61, 30);
                log.checkpoint(); // retires the files the first checkpoint covers
                long spares = count(fs, ".spare");
                assertTrue(spares > 0, "covered files are kept as spares: " + fs.files());
                // two rotations: the second one lands in a file prepared from a spare, full of old frames
                long rotations = log.walShards().get(0).rotationCount();
                int next = 91;
                while (log.walShards().get(0).rotationCount() < rotations + 2) {
                    append(log, next++, 1);
                }
                assertTrue(count(fs, ".spare") < spares, "a spare was recycled: " + fs.files());
                written = next - 1;
                fs.crashAfter(fs.mutatingCalls()); // the process dies here: no final checkpoint
            } finally {
                try {
                    log.close();
                } catch (RuntimeException | Error crashed) {
                    // the simulated crash
                }
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError("setup failed before the crash", e);
        }
        for (TearMode mode : new TearMode[] {TearMode.NONE, TearMode.ALL}) {
            try (SeqlogEngine log = open(fs.powerLoss(mode, 7))) {
                List<Long> expected = new ArrayList<>();
                for (long s = 1; s <= written; s++) {
                    expected.add(s);
                }
                assertEquals(expected, seqs(log), "every acknowledged fsync record, nothing else, after " + mode);
            }
        }
    }
}
