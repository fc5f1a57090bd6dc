package dev.seqlog.core.model;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-picked scenarios from SEMANTICS §5–§11 with hand-computed expectations (independent of
 * {@link LogModel}); each is then replayed through the {@link Harness} so the model and the §17 checks
 * agree on it too.
 */
class ModelScenarioTest {
    private static final String T = Harness.TOPICS[0];

    private final Harness h = new Harness(4, 2);

    @AfterEach
    void close() {
        h.close();
    }

    private AppendResult append(String... data) {
        List<RecordInput> in = new ArrayList<>();
        for (String d : data) {
            in.add(RecordInput.json(d));
        }
        return h.engine.append(T, AppendRequest.of(in));
    }

    private DiffResult diff(long from) {
        return h.engine.diff(T, DiffRequest.from(from).withTags(true));
    }

    private static List<Long> seqs(DiffResult r) {
        List<Long> out = new ArrayList<>();
        for (TopicRecord rec : r.records()) {
            out.add(rec.seq());
        }
        return out;
    }

    private TopicState state() {
        return h.engine.state(T);
    }

    private static Step.Append appendStep(int n) {
        List<RecSpec> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recs.add(new RecSpec(Payload.DATA.get(0), null, null, null));
        }
        return new Step.Append(0, recs, null, null, null);
    }

    private static Step.Configure config(long ttl, long capR, long capB, Discard d, long window) {
        return new Step.Configure(0, ttl, capR, capB, d, true, window);
    }

    /** Invariant 18: eviction above a reader's cursor gives a cap tombstone ending at E - 1. */
    @Test
    void capEvictionGivesCapTombstone() {
        h.engine.configure(T, TopicConfig.builder().capRecords(3).build());
        for (int i = 1; i <= 6; i++) {
            assertEquals(i, append(String.valueOf(i)).firstSeq());
        }
        DiffResult r = diff(1);
        assertNotNull(r.tombstone());
        assertEquals(2, r.tombstone().gapFrom());
        assertEquals(3, r.tombstone().gapTo());
        assertEquals(TombstoneReason.CAP, r.tombstone().reason());
        assertEquals(List.of(4L, 5L, 6L), seqs(r));
        assertEquals(6, r.nextFromSeq());
        assertTrue(r.caughtUp());
        assertEquals(3, state().count());
    }

    /** Invariants 16 and 17: a gap made only by deletes is skipped silently. */
    @Test
    void deleteOnlyGapHasNoTombstone() {
        append("1", "2", "3", "4", "5");
        assertEquals(3, h.engine.delete(T, DeleteRequest.before(4)).deleted());
        DiffResult r = diff(0);
        assertNull(r.tombstone());
        assertEquals(List.of(4L, 5L), seqs(r));
        assertEquals(4, r.earliestSeq());
        assertEquals(5, r.nextFromSeq());
    }

    /** Tag deletes: Eq, Glob prefix, the empty prefix, and untagged records never matching. */
    @Test
    void tagDeletesSelectByEqAndPrefix() {
        h.engine.append(T, AppendRequest.of(RecordInput.json("1").withTag("a"), RecordInput.json("2").withTag("ab"),
                RecordInput.json("3").withTag("b"), RecordInput.json("4")));
        assertEquals(1, h.engine.delete(T, DeleteRequest.matching(TagMatch.eq("a"))).deleted());
        assertEquals(0, h.engine.delete(T, DeleteRequest.matching(TagMatch.glob("x*"))).deleted());
        assertEquals(1, h.engine.delete(T, new DeleteRequest(3L, TagMatch.glob("*"))).deleted());
        assertEquals(1, h.engine.delete(T, DeleteRequest.matching(TagMatch.glob("*"))).deleted());
        assertEquals(List.of(4L), seqs(diff(0)));
        assertNull(diff(0).tombstone());
    }

    /** TTL: strictly-greater expiry, a ttl tombstone, and no revival by a raised TTL or a clock jump back. */
    @Test
    void ttlExpiryFollowsTheClockAndIsSticky() {
        h.engine.configure(T, TopicConfig.builder().ttlMs(1000).build());
        append("1", "2");
        h.clock.advance(1000);
        assertEquals(2, state().count());
        h.clock.advance(1);
        assertEquals(0, state().count());
        assertEquals(3, state().earliestSeq());
        DiffResult r = diff(0);
        assertNotNull(r.tombstone());
        assertEquals(1, r.tombstone().gapFrom());
        assertEquals(2, r.tombstone().gapTo());
        assertEquals(TombstoneReason.TTL, r.tombstone().reason());
        h.engine.configure(T, TopicConfig.builder().ttlMs(100_000).build());
        h.clock.advance(-5000);
        assertEquals(0, state().count());
        assertTrue(diff(0).records().isEmpty());
    }

    /** Cap and TTL both below the cursor: reason mixed; a cursor above the cap floor sees ttl only. */
    @Test
    void capAndTtlTogetherGiveMixed() {
        h.engine.configure(T, TopicConfig.builder().capRecords(2).build());
        append("1");
        append("2");
        append("3");
        h.engine.configure(T, TopicConfig.builder().capRecords(2).ttlMs(1000).build());
        h.clock.advance(1001);
        append("4");
        DiffResult r = diff(0);
        assertEquals(TombstoneReason.MIXED, r.tombstone().reason());
        assertEquals(3, r.tombstone().gapTo());
        assertEquals(TombstoneReason.TTL, diff(1).tombstone().reason());
        assertEquals(List.of(4L), seqs(r));
    }

    /** §11: a cursor beyond the head of a recreated topic gets a recreated tombstone and reads from E. */
    @Test
    void recreatedTopicGivesRecreatedTombstone() {
        append("1", "2", "3", "4", "5");
        assertTrue(h.engine.deleteTopic(T).deleted());
        assertEquals(1, append("10", "11").firstSeq());
        DiffResult r = diff(5);
        assertNotNull(r.tombstone());
        assertEquals(TombstoneReason.RECREATED, r.tombstone().reason());
        assertEquals(1, r.tombstone().gapFrom());
        assertEquals(0, r.tombstone().gapTo());
        assertEquals(0, r.tombstone().missedEstimate());
        assertEquals(List.of(1L, 2L), seqs(r));
        h.engine.configure(T, TopicConfig.builder().capRecords(1).build());
        DiffResult r2 = diff(9);
        assertEquals(1, r2.tombstone().gapTo());
        assertEquals(List.of(2L), seqs(r2));
    }

    /** §7.1 reject: topic_full when the live set would overflow, record_too_large when it never fits. */
    @Test
    void rejectPolicyRefusesExactly() {
        h.engine.configure(T, TopicConfig.builder().capRecords(2).capBytes(12).discard(Discard.REJECT).build());
        append("1");
        SeqlogException full = assertThrows(SeqlogException.class, () -> append("2", "3"));
        assertEquals(ErrorCode.TOPIC_FULL, full.code());
        SeqlogException never = assertThrows(SeqlogException.class, () -> append("1", "2", "3"));
        assertEquals(ErrorCode.RECORD_TOO_LARGE, never.code());
        SeqlogException big = assertThrows(SeqlogException.class, () -> append("\"hello world\""));
        assertEquals(ErrorCode.RECORD_TOO_LARGE, big.code());
        assertEquals(1, state().headSeq());
        assertEquals(1, state().count());
        assertEquals(1, state().bytes());
        h.engine.configure(T, TopicConfig.builder().capRecords(2).capBytes(12).discard(Discard.REJECT).build());
        append("22");
        assertEquals(3, state().bytes());
        h.engine.configure(T, TopicConfig.builder().capRecords(1).discard(Discard.REJECT).build());
        assertEquals(1, state().count());
        assertEquals(TombstoneReason.CAP, diff(0).tombstone().reason());
    }

    /** §10: a key repeated inside the window is deduplicated, after the window it appends again. */
    @Test
    void idempotencyWindow() {
        h.engine.configure(T, TopicConfig.builder().idempotencyWindowMs(1000).build());
        AppendRequest w = AppendRequest.builder().add(RecordInput.json("1")).idempotencyKey("k").build();
        AppendResult first = h.engine.append(T, w);
        h.clock.advance(999);
        AppendResult again = h.engine.append(T, w);
        assertTrue(again.deduped());
        assertEquals(first.firstSeq(), again.firstSeq());
        assertEquals(1, again.headSeq());
        h.clock.advance(2);
        AppendResult later = h.engine.append(T, w);
        assertFalse(later.deduped());
        assertEquals(2, later.firstSeq());
    }

    /**
     * §10 and §1 (time): after a backwards clock jump, a key whose entry is older than the window by the
     * clock must be forgotten even if a key written earlier is still young.
     */
    @Test
    void idempotencyKeyOlderThanWindowAfterBackwardsJumpIsForgotten() {
        h.engine.configure(T, TopicConfig.builder().idempotencyWindowMs(1000).build());
        h.clock.advance(5000);
        h.engine.append(T, AppendRequest.builder().add(RecordInput.json("1")).idempotencyKey("kA").build());
        h.clock.advance(-3000);
        AppendResult b = h.engine.append(T, AppendRequest.builder().add(RecordInput.json("2")).idempotencyKey("kB")
                .build());
        assertEquals(2, b.firstSeq());
        h.clock.advance(3500);
        // kB was committed at clock 2000 and it is now 5500: 3500 ms old, window 1000
        AppendResult retry = h.engine.append(T, AppendRequest.builder().add(RecordInput.json("3"))
                .idempotencyKey("kB").build());
        assertFalse(retry.deduped(), "a key 3500 ms old was deduplicated with a 1000 ms window");
        assertEquals(3, retry.firstSeq());
    }

    /** §9: node filtering applies only with dedupe_node true, and is silent. */
    @Test
    void nodeFilterFollowsDedupeNode() {
        h.engine.append(T, AppendRequest.builder().add(RecordInput.json("1").withNode("n1"))
                .add(RecordInput.json("2")).node("n2").build());
        DiffResult r = h.engine.diff(T, DiffRequest.from(0).withNodes(Set.of("n1")));
        assertEquals(List.of(2L), seqs(r));
        assertEquals("n2", r.records().get(0).node());
        assertNull(r.tombstone());
        assertEquals(2, r.nextFromSeq());
        h.engine.configure(T, TopicConfig.builder().dedupeNode(false).build());
        assertEquals(List.of(1L, 2L), seqs(h.engine.diff(T, DiffRequest.from(0).withNodes(Set.of("n1")))));
    }

    /** Invariant 22: a byte budget smaller than one record still returns that record. */
    @Test
    void byteBudgetReturnsAtLeastOneRecord() {
        append("\"hello world\"", "2", "3");
        DiffResult r = h.engine.diff(T, DiffRequest.from(0).withMaxBatchBytes(1));
        assertEquals(List.of(1L), seqs(r));
        assertEquals(1, r.nextFromSeq());
        DiffResult r2 = h.engine.diff(T, DiffRequest.from(1).withMaxBatchBytes(2));
        assertEquals(List.of(2L, 3L), seqs(r2));
    }

    /** Payload fidelity (§2.2) and accounted size (§2.3): compact bytes are returned and counted. */
    @Test
    void payloadsComeBackCompactAndAreCounted() {
        long expected = 0;
        for (Payload p : Payload.DATA) {
            h.engine.append(T, AppendRequest.of(RecordInput.json(p.input()).withMeta(Payload.META.get(1).input())));
            expected += p.size() + Payload.META.get(1).size();
        }
        DiffResult r = diff(0);
        for (int i = 0; i < Payload.DATA.size(); i++) {
            assertEquals(Payload.DATA.get(i).compact(), r.records().get(i).dataString());
            assertEquals(Payload.META.get(1).compact(), r.records().get(i).metaString());
        }
        assertEquals(expected, state().bytes());
    }

    /** The same kinds of scenario run through the model and the §17 checks. */
    @Test
    void scenariosAgreeWithModel() {
        h.runAll(List.of(
                config(0, 3, 0, Discard.OLD, 1000),
                appendStep(2), appendStep(3),
                new Step.ReadNext(0, 0, 2, Set.of(), 0),
                appendStep(4),
                new Step.ReadNext(0, 0, 2, Set.of(), 0),
                new Step.Delete(0, new Step.Pos(Step.Base.HEAD, -1), null),
                config(1000, 0, 0, Discard.OLD, 1000),
                appendStep(2),
                new Step.Advance(1001),
                appendStep(1),
                new Step.Read(0, new Step.Pos(Step.Base.ZERO, 0), 3, Set.of("n1"), 0, true, true),
                new Step.Recreate(0),
                new Step.ReadNext(0, 0, 2, Set.of(), 0),
                config(0, 2, 0, Discard.REJECT, 1000),
                appendStep(1), appendStep(2), appendStep(3),
                new Step.Advance(-2000),
                appendStep(1)));
    }

    /** The backwards-jump idempotency scenario through the model (see the direct test above). */
    @Test
    void idempotencyAfterBackwardsJumpAgreesWithModel() {
        List<RecSpec> one = List.of(new RecSpec(Payload.DATA.get(0), null, null, null));
        h.runAll(List.of(
                config(0, 0, 0, Discard.OLD, 1000),
                new Step.Advance(5000),
                new Step.Append(0, one, null, "k1", null),
                new Step.Advance(-3000),
                new Step.Append(0, one, null, "k2", null),
                new Step.Advance(3500),
                new Step.Append(0, one, null, "k2", null)));
    }
}
