package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.LogPosition;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash-point sweep of an engine whose operations live in an external log (replicated mode): the
 * workload applies a fixed list of operations (the stand-in for the Raft log) and checkpoints at log positions;
 * a crash can only land in a checkpoint, since nothing else writes. After recovery the engine must report a
 * position no older than the last checkpoint that returned, hold exactly the state after the operations up to
 * that position, and, once the operations after it are applied again, equal an engine that never crashed:
 * every seq, tag and byte the same.
 */
@ExpectErrorLogs // a crash inside a checkpoint is reported as a storage failure
class ExternalLogCrashSweepTest {
    private static final Path DATA = Path.of("data");
    private static final long START = 1_000_000;
    private static final String[] TOPICS = {"f", "d", "m"};

    private static EngineOptions.Builder options() {
        return EngineOptions.builder().clock(new ManualClock(START)).backgroundExpiry(false).segmentMaxRecords(4);
    }

    private static SeqlogEngine open(SimulatedFileSystem fs) {
        return SeqlogEngine.open(options().dataDir(DATA).fileSystem(fs).externalLog(true).hotRetainSegments(1)
                .backgroundPreallocation(false).build());
    }

    /** The external log: operation i is at index i + 1. */
    private static List<Consumer<SeqlogEngine>> log() {
        List<Consumer<SeqlogEngine>> ops = new ArrayList<>();
        ops.add(e -> e.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build()));
        ops.add(e -> e.configure("d", TopicConfig.builder().durability(Durability.DISK).build()));
        ops.add(e -> e.configure("m", TopicConfig.builder().durability(Durability.MEMORY).build()));
        for (int i = 0; i < 36; i++) {
            String topic = TOPICS[i % 3];
            int n = 1 + i % 3;
            int k = i;
            ops.add(e -> {
                AppendRequest.Builder b = AppendRequest.builder();
                for (int r = 0; r < n; r++) {
                    b.add(RecordInput.json("{\"i\":" + k + ",\"r\":" + r + "}").withTag(k % 2 == 0 ? "even" : "odd"));
                }
                e.append(topic, b.build());
            });
            if (i == 4 || i == 28) {
                // the same key twice, with checkpoints between: a replica recovered from one of them must still
                // deduplicate the second, as a replica that never restarted does
                ops.add(e -> e.append("f", AppendRequest.builder().idempotencyKey("retry")
                        .add(RecordInput.json("\"keyed\"")).build()));
            }
            if (i == 14) {
                ops.add(e -> e.delete("f", DeleteRequest.matching(TagMatch.eq("odd"))));
            } else if (i == 20) {
                ops.add(e -> e.delete("d", DeleteRequest.before(6)));
            } else if (i == 24) {
                ops.add(e -> e.configure("m", TopicConfig.builder().durability(Durability.MEMORY).capRecords(5).build()));
            } else if (i == 30) {
                ops.add(e -> e.deleteTopic("d"));
                ops.add(e -> e.configure("d", TopicConfig.builder().durability(Durability.FSYNC).build()));
            }
        }
        return ops;
    }

    private static final class Workload implements CrashPoints.Workload {
        private final List<Consumer<SeqlogEngine>> ops = log();
        /** The last position whose checkpoint returned: recovery must not go back before it. */
        private long checkpointed;

        @Override
        public void run(SeqlogEngine log) {
            try {
                for (int i = 0; i < ops.size(); i++) {
                    ops.get(i).accept(log);
                    if ((i + 1) % 6 == 0 || i == ops.size() - 1) {
                        log.externalLog().checkpoint(new LogPosition(1, i + 1, 1_700_000_000_000L));
                        checkpointed = i + 1;
                    }
                }
            } catch (RuntimeException | Error crashed) {
                // the disk crashed inside a checkpoint
            }
        }

        @Override
        public String verify(SeqlogEngine recovered) {
            LogPosition at = recovered.externalLog().checkpointedPosition();
            long index = at == null ? 0 : at.index();
            if (index < checkpointed) {
                return "recovered to position " + index + " but the checkpoint at " + checkpointed + " had returned";
            }
            String problem = compare(recovered, reference(index), "at position " + index);
            if (problem != null) {
                return problem;
            }
            for (int i = (int) index; i < ops.size(); i++) {
                ops.get(i).accept(recovered);
            }
            return compare(recovered, reference(ops.size()), "after replaying from " + index);
        }

        private SeqlogEngine reference(long upTo) {
            SeqlogEngine ref = SeqlogEngine.open(options().build());
            for (int i = 0; i < upTo; i++) {
                ops.get(i).accept(ref);
            }
            return ref;
        }

        private static String compare(SeqlogEngine got, SeqlogEngine expected, String where) {
            try (expected) {
                for (String t : TOPICS) {
                    CrashOracle.Observed want = CrashOracle.observe(expected, t);
                    CrashOracle.Observed have = CrashOracle.observe(got, t);
                    if (!want.equals(have)) {
                        return where + ": topic " + t + " is " + have + ", expected " + want;
                    }
                    if (want.exists() && expected.state(t).headSeq() != got.state(t).headSeq()) {
                        return where + ": topic " + t + " head " + got.state(t).headSeq() + ", expected "
                                + expected.state(t).headSeq();
                    }
                }
                return null;
            }
        }
    }

    private long totalCalls() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        Workload w = new Workload();
        try (SeqlogEngine log = open(fs)) {
            w.run(log);
            assertTrue(w.checkpointed == w.ops.size(), "the uninterrupted run checkpointed everything");
        }
        assertTrue(fs.list(DATA.resolve("wal")).isEmpty(), "an engine with an external log writes no WAL file");
        return fs.mutatingCalls();
    }

    @Test
    void sampledCrashPoints() {
        long total = totalCalls();
        assertTrue(total > 40, "the workload should exercise many file calls, got " + total);
        CrashPoints.sampled(total, (n, mode, seed) ->
                CrashPoints.crashAndCheck(n, mode, seed, ExternalLogCrashSweepTest::open, new Workload()));
    }

    @Test
    @Tag("exhaustive")
    void everyCrashPoint() {
        long total = totalCalls();
        CrashPoints.every(total, (n, mode, seed) ->
                CrashPoints.crashAndCheck(n, mode, seed, ExternalLogCrashSweepTest::open, new Workload()));
        System.out.println("swept " + (total + 1) + " external-log crash points x 5 loss modes");
    }
}
