package dev.seqlog.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one place each write limit is checked: code, message and detail of every refusal (API §3, §12.1). */
class LimitsTest {
    /** batch 3, record 40 bytes, meta 20 bytes, tag 4 bytes, node 3 bytes. */
    private final Limits limits = new Limits(3, 40, 20, 4, 3, 1000, 0, 0);

    private SeqlogException append(AppendRequest r) {
        return assertThrows(SeqlogException.class, () -> limits.checkAppend(r));
    }

    private static void assertDetail(SeqlogException e, ErrorCode code, String message, Map<String, Object> detail) {
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
        assertEquals(detail, e.detail());
    }

    @Test
    void batchSize() {
        List<RecordInput> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(RecordInput.json("1"));
        }
        assertDetail(append(AppendRequest.of(four)), ErrorCode.BATCH_TOO_LARGE, "a write may carry at most 3 records",
                Map.of("limit", "max_batch_records", "max", 3, "count", 4));
        assertDetail(append(AppendRequest.of(List.of())), ErrorCode.INVALID_REQUEST, "records must not be empty",
                Map.of("field", "records"));
        assertDoesNotThrow(() -> limits.checkAppend(AppendRequest.of(four.subList(0, 3))));
    }

    @Test
    void accountedSizeOfARecordIsDataPlusMeta() {
        RecordInput exactly = RecordInput.json("\"" + "x".repeat(29) + "\"").withMeta("{\"k\":1}"); // 31 + 7 bytes
        assertEquals(38, exactly.accountedSize());
        assertDoesNotThrow(() -> limits.checkRecord(exactly));
        RecordInput over = RecordInput.json("\"" + "é".repeat(16) + "\"").withMeta("{\"k\":1}"); // 34 + 7 bytes
        SeqlogException e = append(AppendRequest.of(RecordInput.json("1"), over));
        assertDetail(e, ErrorCode.RECORD_TOO_LARGE, "record is larger than 40 bytes",
                Map.of("limit", "max_record_bytes", "max", 40L, "size", 41L, "index", 1));
        // the canonical size counts: an escaped character costs its UTF-8 bytes, not its escape
        RecordInput escaped = RecordInput.json("\"" + "\\u00e9".repeat(19) + "\"");
        assertEquals(40, escaped.accountedSize());
        assertDoesNotThrow(() -> limits.checkRecord(escaped));
    }

    @Test
    void metaSizeAndKeys() {
        RecordInput big = RecordInput.json("1").withMeta("{\"k\":\"" + "x".repeat(20) + "\"}");
        assertDetail(append(AppendRequest.of(big)), ErrorCode.RECORD_TOO_LARGE, "meta is larger than 20 bytes",
                Map.of("limit", "max_meta_bytes", "max", 20L, "size", 28L, "index", 0));
        StringBuilder m = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            m.append(i == 0 ? "" : ",").append("\"").append(i).append("\":1");
        }
        RecordInput many = RecordInput.json("1").withMeta(m.append('}').toString());
        SeqlogException e = assertThrows(SeqlogException.class, () -> Limits.defaults().checkRecord(many));
        assertDetail(e, ErrorCode.RECORD_TOO_LARGE, "meta has more than 64 keys",
                Map.of("limit", "meta_keys", "max", 64L, "size", 65L));
    }

    @Test
    void tagsAndNodesCountUtf8Bytes() {
        assertDoesNotThrow(() -> limits.checkTag("éé", "tag"));
        assertDetail(assertThrows(SeqlogException.class, () -> limits.checkTag("ééx", "tag")),
                ErrorCode.INVALID_REQUEST, "tag is longer than 4 bytes", Map.of("field", "tag"));
        assertDetail(assertThrows(SeqlogException.class, () -> limits.checkTag("", "user")),
                ErrorCode.INVALID_REQUEST, "user must not be empty", Map.of("field", "user"));
        assertDoesNotThrow(() -> limits.checkNode("€"));
        assertDetail(assertThrows(SeqlogException.class, () -> limits.checkNode("😀")),
                ErrorCode.INVALID_REQUEST, "node is longer than 3 bytes", Map.of("field", "node"));
        assertDetail(assertThrows(SeqlogException.class, () -> limits.checkNode("a\uD800")),
                ErrorCode.INVALID_REQUEST, "node holds an unpaired surrogate", Map.of("field", "node"));
        SeqlogException tag = append(AppendRequest.of(RecordInput.json("1"), RecordInput.json("2").withTag("12345")));
        assertDetail(tag, ErrorCode.INVALID_REQUEST, "tag is longer than 4 bytes", Map.of("field", "tag", "index", 1));
        SeqlogException batchNode = append(AppendRequest.builder().add(RecordInput.json("1")).node("abcd").build());
        assertDetail(batchNode, ErrorCode.INVALID_REQUEST, "node is longer than 3 bytes", Map.of("field", "node"));
    }

    @Test
    void idempotencyKeys() {
        assertDoesNotThrow(() -> Limits.checkIdempotencyKey("k".repeat(256)));
        assertDetail(assertThrows(SeqlogException.class, () -> Limits.checkIdempotencyKey("k".repeat(257))),
                ErrorCode.INVALID_REQUEST, "idempotency_key is longer than 256 bytes",
                Map.of("field", "idempotency_key"));
        SeqlogException e = append(AppendRequest.builder().add(RecordInput.json("1")).idempotencyKey("").build());
        assertEquals(Map.of("field", "idempotency_key"), e.detail());
    }

    @Test
    void checksRunInTheOrderTheContractListsThem() {
        RecordInput everythingWrong = RecordInput.json("\"" + "x".repeat(50) + "\"")
                .withMeta("{\"k\":\"" + "x".repeat(30) + "\"}").withTag("12345").withNode("abcd");
        assertEquals("max_record_bytes", append(AppendRequest.of(everythingWrong)).detail().get("limit"));
        RecordInput badNames = RecordInput.json("1").withTag("12345").withNode("abcd");
        assertEquals("tag", append(AppendRequest.of(badNames)).detail().get("field"));
    }
}
