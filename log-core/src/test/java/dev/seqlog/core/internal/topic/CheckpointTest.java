package dev.seqlog.core.internal.topic;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.Internals;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.segment.RecordStore;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints over a real data directory: sealed segments move to files and out of memory, snapshots make
 * restarts replay little, covered WAL files and dead segments are reclaimed, and deletes and floors survive
 * all of it (STORAGE-GUARANTEES §8).
 */
class CheckpointTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock).walShards(2)
                .walFileBytes(64 << 10).segmentMaxRecords(10).backgroundExpiry(false).backgroundCheckpoints(false)
                .build());
    }

    static void append(SeqlogEngine log, String topic, int n, String tag) {
        for (int i = 0; i < n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"i\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}")
                    .withTag(tag).withMeta("{\"m\":" + i + "}")));
        }
    }

    static List<TopicRecord> all(SeqlogEngine log, String topic) {
        List<TopicRecord> out = new ArrayList<>();
        long cursor = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(cursor).withLimit(7).withTags(true));
            out.addAll(r.records());
            if (r.caughtUp()) {
                return out;
            }
            cursor = r.nextFromSeq();
        }
    }

    private static long files(TestDir dir, String sub, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir.path().resolve(sub))) {
            return s.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    private static int mapped(SeqlogEngine log, String topic) {
        RecordStore st = storeOf(Internals.topic(log, topic));
        int n = 0;
        for (int i = 0; i < st.size(); i++) {
            n += st.get(i).isMapped() ? 1 : 0;
        }
        return n;
    }

    private static RecordStore storeOf(TopicLog t) {
        return t.live.store();
    }

    @Test
    void sealedSegmentsMoveToFilesAndRestartsReadThem(TestDir dir) throws IOException {
        List<TopicRecord> before;
        try (SeqlogEngine log = open(dir)) {
            log.configure("t", TopicConfig.builder().durability(Durability.DISK).build());
            append(log, "t", 45, "a");
            assertEquals(0, mapped(log, "t"));
            Checkpointer.Stats s = log.checkpoint();
            assertEquals(1, s.topics);
            assertTrue(s.bytesWritten > 45 * 200, "bytes written " + s.bytesWritten);
            assertEquals(4, mapped(log, "t"), "four sealed segments of ten, the fifth stays active");
            before = all(log, "t");
            assertEquals(45, before.size());
            append(log, "t", 5, "b");
            before = all(log, "t");
        }
        assertEquals(5, files(dir, "segments", ".seg"));
        try (SeqlogEngine log = open(dir)) {
            assertEquals(before, all(log, "t"));
            assertEquals(4, mapped(log, "t"), "the fifth segment is full but still active, so it is loaded, not mapped");
            TopicState st = log.state("t");
            assertEquals(50, st.headSeq());
            assertEquals(50, st.count());
            append(log, "t", 3, "c");
            assertEquals(53, all(log, "t").size());
        }
    }

    @Test
    void coveredWalFilesAndDeadSegmentsAreReclaimed(TestDir dir) throws IOException {
        try (SeqlogEngine log = open(dir)) {
            log.configure("c", TopicConfig.builder().durability(Durability.FSYNC).capRecords(25)
                    .discard(Discard.OLD).build());
            for (int round = 0; round < 6; round++) {
                append(log, "c", 40, "a");
                log.checkpoint();
            }
            long walFiles = files(dir, "wal", ".wal");
            assertTrue(walFiles <= 6, "WAL files left after checkpoints: " + walFiles);
            long segs = files(dir, "segments", ".seg");
            assertTrue(segs <= 8, "segments left with a 25-record cap: " + segs);
            TopicState st = log.state("c");
            assertEquals(240, st.headSeq());
            assertEquals(25, st.count());
            assertEquals(216, st.earliestSeq());
            DiffResult r = log.diff("c", DiffRequest.from(0).withLimit(1));
            assertEquals(TombstoneReason.CAP, r.tombstone().reason());
            assertEquals(215, r.tombstone().gapTo());
        }
        try (SeqlogEngine log = open(dir)) {
            TopicState st = log.state("c");
            assertEquals(240, st.headSeq());
            assertEquals(25, st.count());
            assertEquals(216, st.earliestSeq());
            DiffResult r = log.diff("c", DiffRequest.from(0).withLimit(1));
            assertEquals(TombstoneReason.CAP, r.tombstone().reason());
            assertEquals(216, r.records().get(0).seq());
        }
    }

    @Test
    void deletesOfSealedRecordsSurviveCheckpointsThatTrimTheWal(TestDir dir) {
        List<TopicRecord> expected;
        try (SeqlogEngine log = open(dir)) {
            log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "f", 30, "keep");
            append(log, "f", 30, "drop");
            append(log, "f", 30, "keep");
            log.checkpoint(); // segments 1..80 sealed and mapped
            assertTrue(mapped(log, "f") >= 8);
            assertEquals(30, log.delete("f", DeleteRequest.matching(TagMatch.eq("drop"))).deleted());
            log.delete("f", DeleteRequest.before(6));
            expected = all(log, "f");
            assertEquals(55, expected.size());
            log.checkpoint(); // flags written into the mapped files
            log.checkpoint(); // the WAL holding the deletes is now reclaimable
            append(log, "f", 1, "keep");
            log.checkpoint();
            expected = all(log, "f");
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(expected, all(log, "f"));
            assertEquals(56, log.state("f").count());
        }
    }

    @Test
    void aTagDeleteThatEmptiesAWholeSegmentDropsItsFile(TestDir dir) throws IOException {
        try (SeqlogEngine log = open(dir)) {
            log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "f", 10, "keep");
            append(log, "f", 10, "drop");
            append(log, "f", 10, "keep");
            append(log, "f", 1, "keep");
            log.checkpoint();
            assertEquals(4, files(dir, "segments", ".seg"));
            log.delete("f", DeleteRequest.matching(TagMatch.eq("drop")));
            log.checkpoint();
            log.checkpoint(); // the previous snapshot, which still names it, is superseded
            assertEquals(3, files(dir, "segments", ".seg"));
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(21, all(log, "f").size());
        }
    }

    @Test
    void ttlExpiryAndFloorsSurviveAndStayExact(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("t", TopicConfig.builder().durability(Durability.DISK).ttlMs(10_000).build());
            append(log, "t", 25, "a");
            clock.advance(20_000);
            append(log, "t", 5, "a");
            log.checkpoint();
            assertEquals(26, log.state("t").earliestSeq());
        }
        try (SeqlogEngine log = open(dir)) {
            TopicState st = log.state("t");
            assertEquals(26, st.earliestSeq());
            assertEquals(5, st.count());
            DiffResult r = log.diff("t", DiffRequest.from(3));
            assertEquals(TombstoneReason.TTL, r.tombstone().reason());
        }
    }

    @Test
    void ephemeralTopicsKeepOnlyTheirHeadAndMemoryTopicsTheirRecords(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("e", TopicConfig.builder().durability(Durability.EPHEMERAL).build());
            log.configure("m", TopicConfig.builder().durability(Durability.MEMORY).build());
            append(log, "e", 12, "a");
            append(log, "m", 12, "a");
            log.checkpoint();
            append(log, "e", 3, "a");
        }
        try (SeqlogEngine log = open(dir)) {
            TopicState e = log.state("e");
            assertEquals(15, e.headSeq());
            assertEquals(0, e.count());
            assertEquals(TombstoneReason.RESTART, log.diff("e", DiffRequest.from(0)).tombstone().reason());
            assertEquals(12, all(log, "m").size());
        }
    }

    @Test
    void agedActiveSegmentsAreSealedByACheckpoint(TestDir dir) {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock)
                .segmentMaxAgeMs(60_000).backgroundExpiry(false).backgroundCheckpoints(false).build())) {
            log.configure("t", TopicConfig.builder().durability(Durability.DISK).build());
            append(log, "t", 3, "a");
            log.checkpoint();
            assertEquals(0, mapped(log, "t"));
            clock.advance(60_000);
            log.checkpoint();
            assertEquals(1, mapped(log, "t"));
            append(log, "t", 1, "a");
            assertEquals(2, storeOf(Internals.topic(log, "t")).size());
        }
    }

    @Test
    void aRecreatedTopicNeverSeesItsPredecessorsSegments(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "t", 25, "a");
            log.checkpoint();
            log.deleteTopic("t");
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "t", 2, "b");
            log.checkpoint();
        }
        try (SeqlogEngine log = open(dir)) {
            List<TopicRecord> r = all(log, "t");
            assertEquals(2, r.size());
            assertEquals("b", r.get(0).tag());
            assertNull(log.diff("t", DiffRequest.from(0)).tombstone());
        }
    }

    private SeqlogEngine openTiered(TestDir dir, Path cold) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data")).clock(clock)
                .walShards(1).walFileBytes(64 << 10).segmentMaxRecords(10).coldDir(cold).hotRetainSegments(1)
                .backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    @Test
    void sealedSegmentsBeyondTheHotRetentionMoveToTheColdTierTransparently(TestDir dir) throws IOException {
        Path cold = Files.createDirectories(dir.path().resolve("cold"));
        List<TopicRecord> expected;
        try (SeqlogEngine log = openTiered(dir, cold)) {
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "t", 25, "keep");
            append(log, "t", 10, "drop");
            append(log, "t", 20, "keep");
            log.checkpoint(); // five sealed segments: four move to the cold tier
            assertEquals(4, countIn(cold, ".seg"));
            assertEquals(30, log.delete("t", DeleteRequest.before(31)).deleted() + 0);
            log.delete("t", DeleteRequest.matching(TagMatch.eq("drop")));
            log.checkpoint();
            log.checkpoint(); // the snapshots naming the hot copies are gone
            expected = all(log, "t");
            assertEquals(20, expected.size());
            assertEquals(2, countIn(dir.path().resolve("data/segments"), ".seg"), "one hot sealed, one active");
        }
        try (SeqlogEngine log = openTiered(dir, cold)) {
            assertEquals(expected, all(log, "t"));
            append(log, "t", 1, "keep");
            assertEquals(21, all(log, "t").size());
        }
    }

    @Test
    @ExpectErrorLogs // recovery reports the cold segments it cannot reach
    void aMissingColdDirectoryStopsStartUp(TestDir dir) throws IOException {
        Path cold = Files.createDirectories(dir.path().resolve("cold"));
        try (SeqlogEngine log = openTiered(dir, cold)) {
            log.configure("t", TopicConfig.builder().durability(Durability.DISK).build());
            append(log, "t", 35, "a");
            log.checkpoint();
        }
        SeqlogException missing = assertThrows(SeqlogException.class,
                () -> openTiered(dir, dir.path().resolve("nowhere")));
        assertTrue(missing.getMessage().contains("cold-tier directory does not exist"), missing.getMessage());
        SeqlogException unset = assertThrows(SeqlogException.class, () -> SeqlogEngine.open(EngineOptions.builder()
                .dataDir(dir.path().resolve("data")).clock(clock).backgroundCheckpoints(false).build()));
        assertTrue(unset.getMessage().contains("SEQLOG_COLD_DIR"), unset.getMessage());
    }

    private static long countIn(Path d, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }
}
