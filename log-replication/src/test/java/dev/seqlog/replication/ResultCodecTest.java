package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.core.SeqlogEngine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
