package dev.seqlog.core;

import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.topic.TopicLogProbe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Permanent deletes by seq and tag (SEMANTICS §8; invariants 16, 17, 27–30). */
class DeleteTest {

    @Test
    void beforeSeqDeletesSilentlyAndMovesOnlyTheEarliestSeq() {
        try (Fixture f = Fixture.smallSegments()) {
            f.appendN("t", 10);
            DeleteResult d = f.log.delete("t", DeleteRequest.before(7));
            assertEquals(6, d.deleted());
            assertEquals(7, d.earliestSeq());
            assertEquals(10, d.headSeq());
            assertEquals(4, d.count());
            DiffResult r = f.diff("t", 0);
            assertNull(r.tombstone());
            assertEquals(List.of(7L, 8L, 9L, 10L), Fixture.seqs(r));
            assertEquals(1, TopicLogProbe.evictFloor(Internals.topic(f.log, "t")));
            assertEquals(0, f.log.delete("t", DeleteRequest.before(7)).deleted());
            assertEquals(0, f.log.delete("t", DeleteRequest.before(0)).deleted());
            // everything below E is gone physically, segment by segment
            assertEquals(2, TopicLogProbe.segments(Internals.topic(f.log, "t")));
        }
    }

    @Test
    void tagEqAndGlobSelectExactlyTheirRecords() {
        try (Fixture f = Fixture.smallSegments()) {
            f.appendTagged("t", "chat-42:a", "1");
            f.appendTagged("t", "chat-42:b", "2");
            f.appendTagged("t", "chat-421", "3");
            f.append("t", "4");
            f.appendTagged("t", "msg-1", "5");
            f.appendTagged("t", "msg-1", "6");
            assertEquals(2, f.log.delete("t", DeleteRequest.matching(TagMatch.glob("chat-42:*"))).deleted());
            assertEquals(List.of(3L, 4L, 5L, 6L), Fixture.seqs(f.diff("t", 0)));
            assertEquals(1, f.log.delete("t", new DeleteRequest(6L, TagMatch.eq("msg-1"))).deleted());
            assertEquals(List.of(3L, 4L, 6L), Fixture.seqs(f.diff("t", 0)));
            // "*" selects every tagged record, never an untagged one
            assertEquals(2, f.log.delete("t", DeleteRequest.matching(TagMatch.glob("*"))).deleted());
            assertEquals(List.of(4L), Fixture.seqs(f.diff("t", 0)));
            assertEquals(4, f.log.state("t").earliestSeq());
            assertNull(f.diff("t", 0).tombstone());
        }
    }

    @Test
    void aMatchDeleteIsPointInTime() {
        try (Fixture f = new Fixture()) {
            f.appendTagged("t", "x", "1");
            f.log.delete("t", DeleteRequest.matching(TagMatch.eq("x")));
            f.appendTagged("t", "x", "2");
            assertEquals(List.of(2L), Fixture.seqs(f.diff("t", 0)));
            assertEquals(1, f.log.state("t").count());
        }
    }

    @Test
    void deletesNeverCauseTombstonesEvenAcrossACapFloor() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().capRecords(5).build());
            f.appendN("t", 5);
            f.log.delete("t", DeleteRequest.before(3));
            f.appendN("t", 3); // 5 live before the write would be 3 + 3 = 6 > 5: evicts seq 3
            DiffResult r = f.diff("t", 2);
            assertEquals(3, r.tombstone().gapFrom());
            assertEquals(3, r.tombstone().gapTo());
            // a reader at the floor sees no tombstone even though seqs 1-2 were deleted before
            assertNull(f.diff("t", 3).tombstone());
        }
    }

    @Test
    void fullyDeletedSealedSegmentsAreDroppedAndTheIndexIsCleaned() {
        try (Fixture f = Fixture.smallSegments()) {
            f.appendN("t", 4);
            for (int i = 0; i < 8; i++) {
                f.appendTagged("t", "gone", "0");
            }
            f.appendN("t", 4);
            assertEquals(4, TopicLogProbe.segments(Internals.topic(f.log, "t")));
            assertEquals(8, f.log.delete("t", DeleteRequest.matching(TagMatch.eq("gone"))).deleted());
            assertEquals(2, TopicLogProbe.segments(Internals.topic(f.log, "t")));
            assertEquals(0, TopicLogProbe.indexedTags(Internals.topic(f.log, "t")));
            DiffResult r = f.diff("t", 4);
            assertNull(r.tombstone());
            assertEquals(List.of(13L, 14L, 15L, 16L), Fixture.seqs(r));
            assertEquals(16, r.nextFromSeq());
            f.log.delete("t", DeleteRequest.before(100));
            assertEquals(0, f.log.state("t").count());
            assertEquals(17, f.log.state("t").earliestSeq());
        }
    }

    @Test
    void evictedTagsLeaveTheIndexWithTheirSegment() {
        try (Fixture f = Fixture.smallSegments()) {
            f.log.configure("t", TopicConfig.builder().capRecords(4).build());
            for (int i = 0; i < 20; i++) {
                f.appendTagged("t", "k" + i, "0");
            }
            assertEquals(4, f.log.state("t").count());
            assertEquals(4, TopicLogProbe.indexedTags(Internals.topic(f.log, "t")));
        }
    }

    @Test
    void deleteNeedsAnExistingTopicAndASelector() {
        try (Fixture f = new Fixture()) {
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, assertThrows(SeqlogException.class,
                    () -> f.log.delete("nope", DeleteRequest.before(1))).code());
            assertEquals(ErrorCode.INVALID_REQUEST,
                    assertThrows(SeqlogException.class, () -> new DeleteRequest(null, null)).code());
            assertEquals(ErrorCode.INVALID_REQUEST,
                    assertThrows(SeqlogException.class, () -> TagMatch.glob("a*b*")).code());
            assertEquals(ErrorCode.INVALID_REQUEST,
                    assertThrows(SeqlogException.class, () -> TagMatch.glob("ab")).code());
        }
    }
}
