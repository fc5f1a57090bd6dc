package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.Touch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic create, strict PUT, lazy create, listing, delete and recreate (API §2, SEMANTICS §3, §11). */
class TopicLifecycleTest {

    @Test
    void putCreatesThenIsIdempotentThenReplacesWholeConfig() {
        try (Fixture f = new Fixture()) {
            ConfigureResult c1 = f.log.configure("jobs", TopicConfig.builder().ttlMs(60_000).durable(true).build());
            assertTrue(c1.created());
            assertEquals(Durability.FSYNC, c1.config().durability());
            ConfigureResult c2 = f.log.configure("jobs", TopicConfig.builder().ttlMs(60_000).durable(true).build());
            assertFalse(c2.created());
            assertEquals(c1.config(), c2.config());
            // omitted fields are reset to their defaults
            ConfigureResult c3 = f.log.configure("jobs", TopicConfig.builder().capRecords(10).build());
            assertEquals(0, c3.config().ttlMs());
            assertEquals(Durability.DISK, c3.config().durability());
            assertEquals(10, f.log.state("jobs").config().capRecords());
        }
    }

    @Test
    void typeIsKeptWhenOmittedAndCannotChange() {
        try (Fixture f = new Fixture()) {
            f.log.configure("q", TopicConfig.builder().type(TopicType.QUEUE).build());
            assertEquals(TopicType.QUEUE, f.log.configure("q", TopicConfig.defaults()).config().type());
            SeqlogException e = assertThrows(SeqlogException.class,
                    () -> f.log.configure("q", TopicConfig.builder().type(TopicType.LOG).build()));
            assertEquals(ErrorCode.TOPIC_EXISTS_INCOMPATIBLE, e.code());
            assertEquals("type", e.detail().get("field"));
            assertEquals(TopicType.QUEUE, f.log.state("q").type());
        }
    }

    @Test
    void invalidNamesAndSelfDeadLetterAreRejected() {
        try (Fixture f = new Fixture()) {
            for (String bad : new String[] {"", "-x", "a/b", "a b", "x".repeat(256), "é"}) {
                SeqlogException e = assertThrows(SeqlogException.class,
                        () -> f.log.configure(bad, TopicConfig.defaults()));
                assertEquals(ErrorCode.INVALID_REQUEST, e.code(), bad);
            }
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class,
                    () -> f.log.configure("q", TopicConfig.builder().deadLetter("q").build())).code());
            f.log.configure("a:b.c_d-e", TopicConfig.defaults());
            f.log.configure("x".repeat(255), TopicConfig.defaults());
        }
    }

    @Test
    void writesCreateLazilyUnlessTold() {
        try (Fixture f = new Fixture()) {
            assertTrue(f.append("lazy", "1").created());
            assertFalse(f.append("lazy", "2").created());
            AppendRequest noCreate = AppendRequest.builder().add(RecordInput.json("1")).create(false).build();
            assertEquals(ErrorCode.TOPIC_NOT_FOUND,
                    assertThrows(SeqlogException.class, () -> f.log.append("absent", noCreate)).code());
            AppendRequest inlineNo = AppendRequest.builder().add(RecordInput.json("1"))
                    .config(TopicConfig.builder().autoCreate(false).build()).build();
            assertEquals(ErrorCode.TOPIC_NOT_FOUND,
                    assertThrows(SeqlogException.class, () -> f.log.append("absent", inlineNo)).code());
            AppendRequest inline = AppendRequest.builder().add(RecordInput.json("1"))
                    .config(TopicConfig.builder().capRecords(7).build()).build();
            assertTrue(f.log.append("withcfg", inline).created());
            assertEquals(7, f.log.state("withcfg").config().capRecords());
            // config on an existing topic is ignored
            f.log.append("withcfg", AppendRequest.builder().add(RecordInput.json("2"))
                    .config(TopicConfig.builder().capRecords(99).build()).build());
            assertEquals(7, f.log.state("withcfg").config().capRecords());
            assertEquals(ErrorCode.TOPIC_NOT_FOUND,
                    assertThrows(SeqlogException.class, () -> f.log.state("absent")).code());
        }
    }

    @Test
    void stateOfAFreshTopic() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.defaults());
            TopicState s = f.log.state("t");
            assertEquals(0, s.headSeq());
            assertEquals(1, s.nextSeq());
            assertEquals(1, s.earliestSeq());
            assertEquals(0, s.count());
            assertNull(s.lastWriteTs());
            assertNull(s.lastReadTs());
            assertEquals(0, s.effectivePriority());
            f.append("t", "{\"a\":1}", "[1,2]");
            s = f.log.state("t", Touch.READ);
            assertEquals(2, s.headSeq());
            assertEquals(2, s.count());
            assertEquals(12, s.bytes());
            assertEquals(f.clock.millis(), s.lastWriteTs());
            assertEquals(500, s.effectivePriority());
            f.clock.advance(30_000);
            assertEquals(250, f.log.state("t").effectivePriority());
            f.clock.advance(270_000);
            assertEquals(0, f.log.state("t").effectivePriority());
            f.log.configure("t", TopicConfig.builder().priority(5000).build());
            assertEquals(1000, f.log.state("t").effectivePriority());
        }
    }

    @Test
    void listPagesInNameOrderWithPrefixAndCursor() {
        try (Fixture f = new Fixture()) {
            for (String n : new String[] {"b", "a:2", "a:1", "c", "a:3", "ab"}) {
                f.log.configure(n, TopicConfig.defaults());
            }
            List<String> walked = new ArrayList<>();
            String cursor = null;
            do {
                TopicPage p = f.log.list(ListRequest.all().withPageSize(2).after(cursor));
                p.topics().forEach(t -> walked.add(t.topic()));
                cursor = p.nextCursor();
            } while (cursor != null);
            assertEquals(List.of("a:1", "a:2", "a:3", "ab", "b", "c"), walked);

            TopicPage p1 = f.log.list(ListRequest.prefixed("a:").withPageSize(2));
            assertEquals(List.of("a:1", "a:2"), p1.topics().stream().map(TopicState::topic).toList());
            TopicPage p2 = f.log.list(ListRequest.prefixed("a:").withPageSize(2).after(p1.nextCursor()));
            assertEquals(List.of("a:3"), p2.topics().stream().map(TopicState::topic).toList());
            assertNull(p2.nextCursor());
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class,
                    () -> f.log.list(ListRequest.all().after("%%%"))).code());
        }
    }

    @Test
    void deleteAndRecreateStartsANewInstance() {
        try (Fixture f = new Fixture()) {
            f.appendN("t", 5);
            assertEquals(ErrorCode.TOPIC_NOT_EMPTY,
                    assertThrows(SeqlogException.class, () -> f.log.deleteTopic("t", DeleteIf.EMPTY)).code());
            assertTrue(f.log.deleteTopic("t").deleted());
            assertFalse(f.log.deleteTopic("t").deleted());
            assertEquals(1, f.append("t", "1").firstSeq());
            var r = f.diff("t", 5);
            assertEquals(TombstoneReason.RECREATED, r.tombstone().reason());
            assertEquals(1, r.tombstone().gapFrom());
            assertEquals(0, r.tombstone().gapTo());
            assertEquals(List.of(1L), Fixture.seqs(r));
            assertEquals(1, f.log.list(ListRequest.all()).topics().size());
            f.log.configure("e", TopicConfig.defaults());
            assertTrue(f.log.deleteTopic("e", DeleteIf.EMPTY).deleted());
        }
    }

    @Test
    void topicCapIsEnforcedOnCreationOnly() {
        Limits limits = new Limits(10_000, 1 << 20, 16 << 10, 256, 128, 1000, 2, 0);
        try (Fixture f = new Fixture(EngineOptions.builder().limits(limits))) {
            f.log.configure("a", TopicConfig.defaults());
            f.append("b", "1");
            SeqlogException e = assertThrows(SeqlogException.class, () -> f.append("c", "1"));
            assertEquals(ErrorCode.THROTTLED, e.code());
            assertEquals("max_topics", e.detail().get("limit"));
            f.log.configure("a", TopicConfig.builder().capRecords(3).build());
        }
    }
}
