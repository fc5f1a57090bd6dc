package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.SeqlogEngine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every success value and every error detail a caller can receive survives the reply layout. */
class ResultCodecTest {

    private static List<Outcome> roundTrip(Outcome... outcomes) {
        return ResultCodec.decode(ResultCodec.encode(List.of(outcomes)));
    }

    @Test
    void successValuesRoundTrip() {
        AppendResult append = new AppendResult("t", 5, 9, 9, 5, true, false, 123, 456);
        AppendResult deduped = new AppendResult("t", 5, 9, 12, 5, false, true, 0, 0);
        ConfigureResult configured = new ConfigureResult("q", true, CommandCodecTest.everyField(true));
        TopicDeletion deletion = new TopicDeletion("gone", true, List.of("r1", "r2"));
        TopicDeletion nothing = new TopicDeletion("never", false, List.of());
        DeleteResult deleted = new DeleteResult("t", 3, 4, 9, 6, 600, 11, 22);
        List<Outcome> got = roundTrip(Outcome.ok(append), Outcome.ok(deduped), Outcome.ok(configured),
                Outcome.ok(deletion), Outcome.ok(nothing), Outcome.ok(deleted), Outcome.ok(null));
        assertEquals(List.of(append, deduped, configured, deletion, nothing, deleted), got.subList(0, 6).stream()
                .map(Outcome::value).toList());
        assertTrue(((ConfigureResult) got.get(2).value()).config().typeSpecified());
        assertNull(got.get(6).value());
        assertFalse(got.get(6).isError());
    }

    @Test
    void claimAndLeaseResultsRoundTrip() {
        TopicRecord full = new TopicRecord(4, 1_700_000_000_123L, "n1", "red", "{\"a\":1}".getBytes(),
                "{\"m\":2}".getBytes());
        TopicRecord bare = new TopicRecord(9, 5, null, null, "2".getBytes(), null);
        ClaimResult claim = new ClaimResult("q", List.of(new Job(full, "lease_00000000000000ab", 77, 1),
                new Job(bare, "lease_ffffffffffffffff", 78, 3)), 12);
        Map<Long, Long> deadlines = new LinkedHashMap<>();
        deadlines.put(9L, 1_000L);
        deadlines.put(4L, 2_000L);
        LeaseResult lease = new LeaseResult("q", 2, List.of(5L, 6L), 3, 4, deadlines, 99);
        LeaseResult empty = new LeaseResult("q", 0, List.of(), 0, 0, Map.of(), 0);
        List<Outcome> got = roundTrip(Outcome.ok(claim), Outcome.ok(lease), Outcome.ok(empty),
                Outcome.ok(new ClaimResult("q", List.of(), 0)));
        ClaimResult c = (ClaimResult) got.get(0).value();
        assertEquals("q", c.topic());
        assertEquals(12, c.ready());
        assertEquals(2, c.count());
        for (int i = 0; i < 2; i++) {
            Job want = claim.claimed().get(i);
            Job j = c.claimed().get(i);
            assertEquals(want.leaseId(), j.leaseId());
            assertEquals(want.deadline(), j.deadline());
            assertEquals(want.deliveries(), j.deliveries());
            TopicRecord r = j.record();
            assertEquals(want.record().seq(), r.seq());
            assertEquals(want.record().ts(), r.ts());
            assertEquals(want.record().node(), r.node());
            assertEquals(want.record().tag(), r.tag());
            assertArrayEquals(want.record().data(), r.data());
            assertArrayEquals(want.record().meta(), r.meta());
        }
        assertEquals(lease, got.get(1).value());
        assertEquals(List.of(9L, 4L), List.copyOf(((LeaseResult) got.get(1).value()).deadlines().keySet()));
        assertEquals(empty, got.get(2).value());
        assertEquals(0, ((ClaimResult) got.get(3).value()).count());

        ClaimResult none = new ClaimResult("q", List.of(), 3);
        SeqlogException refused = SeqlogException.invalid("node", "must not be empty");
        CohortOutcome cohort = (CohortOutcome) roundTrip(Outcome.ok(new CohortOutcome(List.of(Outcome.ok(none),
                Outcome.failed(refused))))).get(0).value();
        assertEquals(none, cohort.outcomes().get(0).value());
        assertEquals(refused.code(), cohort.outcomes().get(1).error().code());
        assertEquals(refused.getMessage(), cohort.outcomes().get(1).error().getMessage());
        assertEquals(refused.detail(), cohort.outcomes().get(1).error().detail());
    }

    @Test
    void routerResultsRoundTrip() {
        RouterPut every = new RouterPut(new RouterInfo("r", "a", "b", false, true, TagMatch.glob("eu*"), true,
                RouterGuarantee.EXACTLY_ONCE, 42, 40, 1_700_000_000_000L), true);
        RouterPut plain = new RouterPut(new RouterInfo("r2", "a", "c", true, false, null, false,
                RouterGuarantee.AT_LEAST_ONCE, 0, 0, 5), false);
        RouterDeletion gone = new RouterDeletion("r", true);
        RouterDeletion none = new RouterDeletion("x", false);
        List<Outcome> got = roundTrip(Outcome.ok(every), Outcome.ok(plain), Outcome.ok(gone), Outcome.ok(none));
        assertEquals(List.of(every, plain, gone, none), got.stream().map(Outcome::value).toList());
    }

    @Test
    void errorsKeepCodeMessageAndEveryDetailValue() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("string", "x");
        detail.put("int", 7);
        detail.put("long", 1L << 40);
        detail.put("double", 2.5);
        detail.put("boolean", true);
        detail.put("null", null);
        detail.put("list", Arrays.asList("a", 1, null, List.of(false)));
        for (ErrorCode code : ErrorCode.values()) {
            SeqlogException e = new SeqlogException(code, "message of " + code);
            detail.forEach(e::with);
            SeqlogException got = roundTrip(Outcome.failed(e)).get(0).error();
            assertEquals(code, got.code());
            assertEquals("message of " + code, got.getMessage());
            assertEquals(detail, got.detail());
            assertEquals(List.copyOf(detail.keySet()), List.copyOf(got.detail().keySet()), "detail order is kept");
        }
    }

    @Test
    void aReplyCarriesTheEngineOwnRefusalUnchanged() {
        try (SeqlogEngine engine = SeqlogEngine.inMemory()) {
            engine.configure("full", TopicConfig.builder().capRecords(1).discard(dev.seqlog.api.Discard.REJECT).build());
            engine.append("full", AppendRequest.of(RecordInput.json("1")));
            SeqlogException[] refusals = {
                assertThrows(SeqlogException.class, () -> engine.append("full", AppendRequest.of(RecordInput.json("2")))),
                assertThrows(SeqlogException.class, () -> engine.append("Bad Name!", AppendRequest.of(RecordInput.json("2")))),
                assertThrows(SeqlogException.class, () -> engine.deleteTopic("full", DeleteIf.EMPTY)),
            };
            for (SeqlogException e : refusals) {
                SeqlogException got = roundTrip(Outcome.failed(e)).get(0).error();
                assertEquals(e.code(), got.code());
                assertEquals(e.getMessage(), got.getMessage());
                assertEquals(e.detail(), got.detail());
            }
        }
    }

    @Test
    void damagedRepliesAreRefused() {
        byte[] good = ResultCodec.encode(List.of(Outcome.ok(new AppendResult("t", 1, 1, 1, 1, false, false, 0, 0))));
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(MalformedEntryException.class, () -> ResultCodec.decode(truncated), "cut at " + cut);
        }
    }
}
