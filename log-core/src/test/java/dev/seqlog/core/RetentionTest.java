package dev.seqlog.core;

import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Caps, discard policies and TTL (SEMANTICS §7; invariants 18, 23–26). */
class RetentionTest {

    @Test
    void capRecordsEvictsOldestAndReportsACapTombstone() {
        try (Fixture f = Fixture.smallSegments()) {
            f.log.configure("t", TopicConfig.builder().capRecords(3).build());
            f.appendN("t", 10);
            TopicState s = f.log.state("t");
            assertEquals(3, s.count());
            assertEquals(8, s.earliestSeq());
            DiffResult r = f.diff("t", 2);
            assertEquals(3, r.tombstone().gapFrom());
            assertEquals(7, r.tombstone().gapTo());
            assertEquals(TombstoneReason.CAP, r.tombstone().reason());
            assertEquals(5, r.tombstone().missedEstimate());
            assertEquals(List.of(8L, 9L, 10L), Fixture.seqs(r));
            // a reader already past the floor gets no tombstone
            assertNull(f.diff("t", 8).tombstone());
        }
    }

    @Test
    void aWriteLargerThanTheCapEvictsSomeOfItsOwnRecords() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().capRecords(2).build());
            f.append("t", "1", "2", "3", "4", "5");
            assertEquals(List.of(4L, 5L), Fixture.seqs(f.diff("t", 3)));
            assertEquals(4, f.log.state("t").earliestSeq());
        }
    }

    @Test
    void capBytesCountsCompactDataAndMeta() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().capBytes(10).build());
            f.append("t", "\"abcd\"");     // 6 bytes
            f.append("t", "[1, 2]");       // compact [1,2] = 5 bytes, total 11 > 10: evicts seq 1
            TopicState s = f.log.state("t");
            assertEquals(1, s.count());
            assertEquals(5, s.bytes());
            assertEquals(2, s.earliestSeq());
        }
    }

    @Test
    void rejectRefusesWholeWritesAndLeavesStateUnchanged() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().capRecords(3).discard(Discard.REJECT).build());
            f.append("t", "1", "2");
            SeqlogException full = assertThrows(SeqlogException.class, () -> f.append("t", "3", "4"));
            assertEquals(ErrorCode.TOPIC_FULL, full.code());
            assertEquals(3L, full.detail().get("cap_records"));
            assertEquals(2L, full.detail().get("count"));
            assertEquals(2L, full.detail().get("head_seq"));
            SeqlogException never = assertThrows(SeqlogException.class, () -> f.append("t", "1", "2", "3", "4"));
            assertEquals(ErrorCode.RECORD_TOO_LARGE, never.code());
            TopicState s = f.log.state("t");
            assertEquals(2, s.headSeq());
            assertEquals(2, s.count());
            f.append("t", "3");
            assertEquals(3, f.log.state("t").count());
        }
    }

    @Test
    void tighteningACapEvictsAtOnceEvenOnRejectTopics() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().discard(Discard.REJECT).build());
            f.appendN("t", 6);
            f.log.configure("t", TopicConfig.builder().discard(Discard.REJECT).capRecords(2).build());
            assertEquals(2, f.log.state("t").count());
            DiffResult r = f.diff("t", 0);
            assertEquals(TombstoneReason.CAP, r.tombstone().reason());
            assertEquals(List.of(5L, 6L), Fixture.seqs(r));
        }
    }

    @Test
    void ttlExpiresStrictlyAfterTheAgeLimitAndIsSticky() {
        try (Fixture f = Fixture.smallSegments()) {
            f.log.configure("t", TopicConfig.builder().ttlMs(1000).build());
            f.appendN("t", 5);
            f.clock.advance(500);
            f.appendN("t", 5);
            f.clock.advance(500); // first five are exactly 1000 ms old: not yet expired
            assertEquals(10, f.log.state("t").count());
            f.clock.advance(1);
            TopicState s = f.log.state("t");
            assertEquals(5, s.count());
            assertEquals(6, s.earliestSeq());
            DiffResult r = f.diff("t", 0);
            assertEquals(TombstoneReason.TTL, r.tombstone().reason());
            assertEquals(5, r.tombstone().gapTo());
            // raising the TTL never revives an expired record
            f.log.configure("t", TopicConfig.builder().ttlMs(1_000_000).build());
            assertEquals(6, f.log.state("t").earliestSeq());
            // a clock jumping backwards revives nothing either
            f.clock.advance(-10_000);
            assertEquals(5, f.log.state("t").count());
        }
    }

    @Test
    void ttsNeverGoBackwardsAndTtlAppliesToTheStampedTs() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().ttlMs(100).build());
            f.append("t", "1");
            long ts1 = f.diff("t", 0).records().get(0).ts();
            f.clock.advance(-50);
            f.append("t", "2");
            long ts2 = f.diff("t", 1).records().get(0).ts();
            assertEquals(ts1, ts2);
        }
    }

    @Test
    void causesCombineIntoMixed() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().ttlMs(1000).build());
            f.appendN("t", 3);
            f.clock.advance(1001);
            f.appendN("t", 5);
            f.log.configure("t", TopicConfig.builder().ttlMs(1000).capRecords(2).build());
            DiffResult r = f.diff("t", 0);
            assertEquals(TombstoneReason.MIXED, r.tombstone().reason());
            assertEquals(6, r.tombstone().gapTo());
            assertEquals(TombstoneReason.CAP, f.diff("t", 4).tombstone().reason());
        }
    }
}
