package dev.seqlog.core.model;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-picked clean-restart scenarios (SEMANTICS §4.2, §10, §14), hand-checked and replayed through the model. */
class RestartScenarioTest {
    private static final String T = Harness.TOPICS[0];

    private final TestClock clock = new TestClock(Harness.START);

    private SeqlogEngine open(Path dir, int walShards) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir).clock(clock).backgroundExpiry(false)
                .walShards(walShards).walFileBytes(65536).segmentMaxRecords(4).build());
    }

    private static AppendResult append(SeqlogEngine log, String... data) {
        List<RecordInput> in = new ArrayList<>();
        for (String d : data) {
            in.add(RecordInput.json(d));
        }
        return log.append(T, AppendRequest.of(in));
    }

    private static DiffResult diff(SeqlogEngine log, long from) {
        return log.diff(T, DiffRequest.from(from).withTags(true));
    }

    private static List<Long> seqs(DiffResult r) {
        List<Long> out = new ArrayList<>();
        for (TopicRecord rec : r.records()) {
            out.add(rec.seq());
        }
        return out;
    }

    private static List<String> data(DiffResult r) {
        List<String> out = new ArrayList<>();
        for (TopicRecord rec : r.records()) {
            out.add(rec.dataString());
        }
        return out;
    }

    private static void configure(SeqlogEngine log, TopicConfig.Builder b) {
        log.configure(T, b.build());
    }

    private static Step.Append appendStep(int n, String tag) {
        List<RecSpec> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recs.add(new RecSpec(Payload.DATA.get(i % Payload.DATA.size()), null, tag, null));
        }
        return new Step.Append(0, recs, null, null, null);
    }

    private static Step.Configure config(long ttl, long capR, Durability d) {
        return new Step.Configure(0, ttl, capR, 0, Discard.OLD, true, TopicConfig.DEFAULT_IDEMPOTENCY_WINDOW_MS, d);
    }

    private static Step.ReadNext readNext(int reader) {
        return new Step.ReadNext(0, reader, 2, Set.of(), 0);
    }

    /** Runs the steps through a durable harness in its own subdirectory, checking model and invariants. */
    private static void replay(TestDir dir, Step... steps) {
        try (Harness h = new Harness(4, 2, dir.resolve("model"), 2)) {
            h.runAll(List.of(steps));
        }
    }

    /** Evictions are replayed, so the cap floor and its tombstone are the same after a restart. */
    @Test
    void capEvictionThenRestart(TestDir dir) {
        Path data = dir.resolve("engine");
        try (SeqlogEngine log = open(data, 2)) {
            configure(log, TopicConfig.builder().capRecords(3).durability(Durability.DISK));
            for (int i = 1; i <= 6; i++) {
                append(log, String.valueOf(i));
            }
        }
        try (SeqlogEngine log = open(data, 1)) {
            DiffResult r = diff(log, 1);
            assertNotNull(r.tombstone());
            assertEquals(2, r.tombstone().gapFrom());
            assertEquals(3, r.tombstone().gapTo());
            assertEquals(TombstoneReason.CAP, r.tombstone().reason());
            assertEquals(List.of(4L, 5L, 6L), seqs(r));
            assertEquals(List.of("4", "5", "6"), data(r));
            assertEquals(3, log.state(T).count());
            assertEquals(7, append(log, "7").firstSeq());
            assertEquals(List.of(5L, 6L, 7L), seqs(diff(log, 0)));
        }
        replay(dir, config(0, 3, Durability.DISK), appendStep(2, null), appendStep(4, null), readNext(0),
                new Step.Restart(1), readNext(0), appendStep(1, null), new Step.Restart(3), readNext(1));
    }

    /** A tag delete stays applied after a restart and stays silent; untagged and other tags survive. */
    @Test
    void tagDeleteThenRestart(TestDir dir) {
        Path data = dir.resolve("engine");
        try (SeqlogEngine log = open(data, 1)) {
            configure(log, TopicConfig.builder().durability(Durability.FSYNC));
            log.append(T, AppendRequest.of(RecordInput.json("1").withTag("a"), RecordInput.json("2").withTag("ab"),
                    RecordInput.json("3").withTag("b"), RecordInput.json("4")));
            assertEquals(2, log.delete(T, DeleteRequest.matching(TagMatch.glob("a*"))).deleted());
        }
        try (SeqlogEngine log = open(data, 3)) {
            DiffResult r = diff(log, 0);
            assertNull(r.tombstone(), "a delete is voluntary, also after a restart");
            assertEquals(List.of(3L, 4L), seqs(r));
            assertEquals("b", r.records().get(0).tag());
            assertEquals(2, log.state(T).count());
            assertEquals(0, log.delete(T, DeleteRequest.matching(TagMatch.eq("a"))).deleted());
            assertEquals(5, log.append(T, AppendRequest.of(RecordInput.json("5").withTag("a"))).firstSeq());
        }
        replay(dir, config(0, 0, Durability.FSYNC), appendStep(2, "a"), appendStep(2, "b"), appendStep(1, null),
                new Step.Delete(0, null, TagMatch.glob("a*")), new Step.Restart(2), appendStep(1, "a"),
                new Step.Delete(0, new Step.Pos(Step.Base.HEAD, 0), TagMatch.eq("a")), new Step.Restart(1));
    }

    /** SEMANTICS §7.2 and STORAGE.md: expiry is logged, so a TTL raised before a restart revives nothing. */
    @Test
    void ttlExpiryRaiseTtlRestartStillExpired(TestDir dir) {
        Path data = dir.resolve("engine");
        try (SeqlogEngine log = open(data, 2)) {
            configure(log, TopicConfig.builder().ttlMs(1000).durability(Durability.DISK));
            append(log, "1", "2", "3");
            clock.advance(1001);
            assertEquals(0, log.state(T).count());
            configure(log, TopicConfig.builder().ttlMs(1_000_000).durability(Durability.DISK));
            assertEquals(0, log.state(T).count());
        }
        try (SeqlogEngine log = open(data, 2)) {
            TopicState st = log.state(T);
            assertEquals(0, st.count());
            assertEquals(3, st.headSeq());
            assertEquals(4, st.earliestSeq());
            assertEquals(1_000_000, st.config().ttlMs());
            DiffResult r = diff(log, 0);
            assertEquals(TombstoneReason.TTL, r.tombstone().reason());
            assertEquals(1, r.tombstone().gapFrom());
            assertEquals(3, r.tombstone().gapTo());
            assertTrue(r.records().isEmpty());
            assertEquals(4, append(log, "4").firstSeq());
            assertEquals(List.of(4L), seqs(diff(log, 0)));
        }
        replay(dir, config(1000, 0, Durability.DISK), appendStep(3, null), new Step.Advance(1001),
                config(1_000_000, 0, Durability.DISK), new Step.Restart(2), appendStep(1, null),
                new Step.Restart(1));
    }

    /**
     * SEMANTICS §14.2 and invariant 54: an ephemeral topic keeps config and head, holds no record, and a
     * reader below the head gets a {@code restart} tombstone; §10: a key is forgotten, so it appends again.
     */
    @Test
    void ephemeralTopicRestartTombstone(TestDir dir) {
        Path data = dir.resolve("engine");
        try (SeqlogEngine log = open(data, 2)) {
            configure(log, TopicConfig.builder().durability(Durability.EPHEMERAL).capRecords(10));
            assertEquals(1, log.append(T, AppendRequest.builder().idempotencyKey("k")
                    .add(RecordInput.json("1")).add(RecordInput.json("2")).build()).firstSeq());
            append(log, "3", "4", "5");
        }
        try (SeqlogEngine log = open(data, 1)) {
            TopicState st = log.state(T);
            assertEquals(Durability.EPHEMERAL, st.config().durability());
            assertEquals(10, st.config().capRecords());
            assertEquals(5, st.headSeq());
            assertEquals(6, st.earliestSeq());
            assertEquals(0, st.count());
            assertEquals(0, st.bytes());
            DiffResult r = diff(log, 2);
            assertEquals(TombstoneReason.RESTART, r.tombstone().reason());
            assertEquals(3, r.tombstone().gapFrom());
            assertEquals(5, r.tombstone().gapTo());
            assertEquals(5, r.nextFromSeq());
            assertNull(diff(log, 5).tombstone(), "a caught-up reader has lost nothing");
            AppendResult again = log.append(T, AppendRequest.builder().idempotencyKey("k")
                    .add(RecordInput.json("6")).build());
            assertFalse(again.deduped(), "the idempotency map is empty after a restart");
            assertEquals(6, again.firstSeq());
            assertEquals(List.of(6L), seqs(diff(log, 5)));
        }
        replay(dir, config(0, 10, Durability.EPHEMERAL),
                new Step.Append(0, List.of(new RecSpec(Payload.DATA.get(0), null, null, null)), null, "k1", null),
                appendStep(3, "a"), readNext(0), new Step.Restart(1), readNext(0), readNext(1),
                new Step.Append(0, List.of(new RecSpec(Payload.DATA.get(1), null, null, null)), null, "k1", null),
                readNext(0), new Step.Restart(3), readNext(0), appendStep(1, null), readNext(1));
    }

    /** Recovery keys frames by instance: the dropped instance stays dropped, the new one comes back. */
    @Test
    void deleteAndRecreateTopicThenRestart(TestDir dir) {
        Path data = dir.resolve("engine");
        try (SeqlogEngine log = open(data, 3)) {
            configure(log, TopicConfig.builder().durability(Durability.FSYNC));
            append(log, "1", "2", "3", "4", "5");
            assertTrue(log.deleteTopic(T).deleted());
            configure(log, TopicConfig.builder().durability(Durability.DISK));
            append(log, "\"new1\"", "\"new2\"");
        }
        try (SeqlogEngine log = open(data, 1)) {
            TopicState st = log.state(T);
            assertEquals(Durability.DISK, st.config().durability());
            assertEquals(2, st.headSeq());
            DiffResult r = diff(log, 0);
            assertNull(r.tombstone());
            assertEquals(List.of("\"new1\"", "\"new2\""), data(r));
            DiffResult stale = diff(log, 5);
            assertEquals(TombstoneReason.RECREATED, stale.tombstone().reason());
            assertEquals(List.of(1L, 2L), seqs(stale));
            assertEquals(1, log.list(ListRequest.all()).topics().size());
            assertEquals(3, append(log, "3").firstSeq());
        }
        replay(dir, config(0, 0, Durability.FSYNC), appendStep(5, null), readNext(0),
                new Step.DropTopic(0, false), config(0, 0, Durability.DISK), appendStep(2, "a"), new Step.Restart(1),
                readNext(0), new Step.Recreate(0, Durability.MEMORY), appendStep(1, null), new Step.Restart(2),
                readNext(1), appendStep(1, null));
    }

    /** SEMANTICS §4.2: after a clean stop every class continues at head + 1, deleted tails included. */
    @Test
    void appendsAfterRestartContinueAtHeadPlusOne(TestDir dir) {
        Path data = dir.resolve("engine");
        Durability[] classes = {Durability.EPHEMERAL, Durability.MEMORY, Durability.DISK, Durability.FSYNC};
        try (SeqlogEngine log = open(data, 2)) {
            for (Durability d : classes) {
                String name = d.wireName();
                log.configure(name, TopicConfig.builder().durability(d).build());
                log.append(name, AppendRequest.of(RecordInput.json("1"), RecordInput.json("2"), RecordInput.json("3")));
                assertEquals(3, log.delete(name, DeleteRequest.before(4)).deleted());
            }
        }
        try (SeqlogEngine log = open(data, 3)) {
            for (Durability d : classes) {
                String name = d.wireName();
                assertEquals(3, log.state(name).headSeq(), name);
                assertEquals(4, log.append(name, AppendRequest.of(RecordInput.json("4"))).firstSeq(), name);
            }
        }
        for (Durability d : classes) {
            Step.Delete all = new Step.Delete(0, new Step.Pos(Step.Base.HEAD, 1), null);
            replay(dir, config(0, 0, d), appendStep(3, null), all, new Step.Restart(3), appendStep(2, null),
                    new Step.Restart(1), readNext(0));
            EngineModelPropertyTest.deleteRecursively(dir.resolve("model"));
        }
    }

    /**
     * Divergence: a reconfiguration that expires records (new TTL) and leaves exactly the new cap live gives
     * a {@code ttl} tombstone; after a clean restart the same read reports {@code cap}. SEMANTICS §5.3/§6.4:
     * nothing was evicted by a cap, so {@code cap} is wrong (after a restart only {@code mixed} may stand in
     * for the exact reason); §14.3 persists the sub-floors. STORAGE.md: the CONFIG frame is replayed with cap
     * eviction before the EXPIRE frame that the live reconfiguration logged after it.
     */
    @Test
    void reconfigureExpiryThenCapKeepsReasonAcrossRestart(TestDir dir) {
        Path data = dir.resolve("engine");
        try (SeqlogEngine log = open(data, 1)) {
            configure(log, TopicConfig.builder().durability(Durability.DISK));
            append(log, "1", "2");
            clock.advance(2000);
            append(log, "3", "4");
            configure(log, TopicConfig.builder().durability(Durability.DISK).ttlMs(1000).capRecords(2));
            DiffResult r = diff(log, 0);
            assertEquals(TombstoneReason.TTL, r.tombstone().reason(), "before the restart");
            assertEquals(2, r.tombstone().gapTo());
        }
        try (SeqlogEngine log = open(data, 1)) {
            DiffResult r = diff(log, 0);
            assertEquals(1, r.tombstone().gapFrom());
            assertEquals(2, r.tombstone().gapTo());
            assertEquals(List.of(3L, 4L), seqs(r));
            assertEquals(TombstoneReason.TTL, r.tombstone().reason(), "after the restart");
        }
    }

    /**
     * Divergence: a {@code disk} topic reconfigured to {@code fsync} jumps to its last {@code disk} seq
     * reservation after a clean restart (head 1 becomes 8193) with a {@code restart} tombstone over seqs that
     * never existed. SEMANTICS §4.2 ({@code fsync} resumes at 1 + the highest durable seq), §14.1 (after a
     * clean shutdown {@code fsync} keeps all, loss reported as "—") and §5.4 ({@code restart} ranges are for
     * {@code disk} recovery) all keep head 1. STORAGE.md: the clean close logs the exact head only for
     * topics that are {@code disk} or {@code ephemeral} at close time, and recovery treats every class but
     * {@code memory} and {@code ephemeral} as bound by the last logged reservation.
     */
    @Test
    void diskTopicTurnedFsyncKeepsItsHeadAcrossRestart(TestDir dir) {
        Path data = dir.resolve("engine");
        try (SeqlogEngine log = open(data, 1)) {
            configure(log, TopicConfig.builder().durability(Durability.DISK));
            append(log, "1");
            configure(log, TopicConfig.builder().durability(Durability.FSYNC));
        }
        try (SeqlogEngine log = open(data, 1)) {
            assertEquals(1, log.state(T).headSeq());
            assertNull(diff(log, 1).tombstone(), "a clean stop leaves no restart range");
            assertEquals(2, append(log, "2").firstSeq());
        }
    }
}
