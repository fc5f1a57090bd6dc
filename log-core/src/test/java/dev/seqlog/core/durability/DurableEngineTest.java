package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restarts over a real data directory: what each class keeps (SEMANTICS §4.2, §14; invariants 54–57). */
class DurableEngineTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir, int shards) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock).walShards(shards)
                .walFileBytes(256 << 10).backgroundExpiry(false).build());
    }

    private static void put(SeqlogEngine log, String topic, Durability d) {
        log.configure(topic, TopicConfig.builder().durability(d).build());
    }

    private static void append(SeqlogEngine log, String topic, int n) {
        for (int i = 0; i < n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"i\":" + i + "}").withTag("t" + (i % 3))
                    .withNode("n" + (i % 2)).withMeta("{\"k\":" + i + "}")));
        }
    }

    private static List<TopicRecord> all(SeqlogEngine log, String topic) {
        List<TopicRecord> out = new ArrayList<>();
        long cursor = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(cursor).withLimit(1000).withTags(true));
            out.addAll(r.records());
            if (r.caughtUp()) {
                return out;
            }
            cursor = r.nextFromSeq();
        }
    }

    @Test
    void aCleanRestartKeepsEveryClassButEphemeralRecords(TestDir dir) {
        List<TopicRecord> fsyncBefore;
        List<TopicRecord> diskBefore;
        List<TopicRecord> memoryBefore;
        try (SeqlogEngine log = open(dir, 2)) {
            put(log, "f", Durability.FSYNC);
            put(log, "d", Durability.DISK);
            put(log, "m", Durability.MEMORY);
            put(log, "e", Durability.EPHEMERAL);
            for (String t : new String[] {"f", "d", "m", "e"}) {
                append(log, t, 50);
            }
            fsyncBefore = all(log, "f");
            diskBefore = all(log, "d");
            memoryBefore = all(log, "m");
        }
        try (SeqlogEngine log = open(dir, 2)) {
            assertEquals(fsyncBefore, all(log, "f"));
            assertEquals(diskBefore, all(log, "d"));
            assertEquals(memoryBefore, all(log, "m"));
            assertNull(log.diff("d", DiffRequest.from(0)).tombstone(), "a clean stop leaves no restart range");
            TopicState e = log.state("e");
            assertEquals(Durability.EPHEMERAL, e.config().durability());
            assertEquals(50, e.headSeq());
            assertEquals(0, e.count());
            DiffResult r = log.diff("e", DiffRequest.from(10));
            assertEquals(TombstoneReason.RESTART, r.tombstone().reason());
            assertEquals(11, r.tombstone().gapFrom());
            assertEquals(50, r.tombstone().gapTo());
            assertEquals(51, log.append("e", AppendRequest.of(RecordInput.json("1"))).firstSeq());
            assertEquals(51, log.append("f", AppendRequest.of(RecordInput.json("1"))).firstSeq());
        }
    }

    @Test
    void deletesConfigsDropsAndExpirySurviveARestart(TestDir dir) {
        try (SeqlogEngine log = open(dir, 1)) {
            log.configure("a", TopicConfig.builder().durability(Durability.FSYNC).capRecords(40).build());
            append(log, "a", 60);
            log.delete("a", DeleteRequest.matching(TagMatch.eq("t1")));
            log.delete("a", DeleteRequest.before(30));
            append(log, "gone", 5);
            log.deleteTopic("gone");
            append(log, "gone", 2);
            log.configure("ttl", TopicConfig.builder().ttlMs(1000).durability(Durability.FSYNC).build());
            append(log, "ttl", 5);
            clock.advance(1001);
            assertEquals(0, log.state("ttl").count());
            log.configure("ttl", TopicConfig.builder().ttlMs(1_000_000).durability(Durability.FSYNC).build());
        }
        try (SeqlogEngine log = open(dir, 1)) {
            TopicState a = log.state("a");
            assertEquals(40, a.config().capRecords());
            assertEquals(60, a.headSeq());
            List<TopicRecord> recs = all(log, "a");
            assertTrue(recs.stream().allMatch(r -> r.seq() >= 30 && !"t1".equals(r.tag())));
            assertEquals(a.count(), recs.size());
            TopicState gone = log.state("gone");
            assertEquals(2, gone.headSeq());
            DiffResult ttl = log.diff("ttl", DiffRequest.from(0));
            assertEquals(0, ttl.records().size(), "raising the TTL never revives an expired record");
            assertEquals(TombstoneReason.TTL, ttl.tombstone().reason());
        }
    }

    @Test
    void theShardCountMayChangeBetweenRuns(TestDir dir) {
        try (SeqlogEngine log = open(dir, 4)) {
            for (int t = 0; t < 8; t++) {
                put(log, "t" + t, Durability.FSYNC);
                append(log, "t" + t, 10);
            }
        }
        try (SeqlogEngine log = open(dir, 1)) {
            for (int t = 0; t < 8; t++) {
                append(log, "t" + t, 5);
            }
        }
        try (SeqlogEngine log = open(dir, 3)) {
            for (int t = 0; t < 8; t++) {
                List<TopicRecord> recs = all(log, "t" + t);
                assertEquals(15, recs.size());
                for (int i = 0; i < 15; i++) {
                    assertEquals(i + 1, recs.get(i).seq());
                }
            }
        }
    }

    @Test
    void aSecondEngineCannotOpenALockedDirectory(TestDir dir) {
        try (SeqlogEngine log = open(dir, 1)) {
            put(log, "x", Durability.DISK);
            SeqlogException e = assertThrows(SeqlogException.class, () -> open(dir, 1));
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
        }
        try (SeqlogEngine log = open(dir, 1)) {
            assertEquals(Durability.DISK, log.state("x").config().durability());
        }
    }
}
