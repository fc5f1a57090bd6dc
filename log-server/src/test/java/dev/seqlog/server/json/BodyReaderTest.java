package dev.seqlog.server.json;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON body parsing: verbatim compact payloads, per-record limits, strict field types. */
class BodyReaderTest {
    private final BodyReader reader = new BodyReader(new Limits(3, 64, 32, 8, 6, 1000, 0, 0));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private AppendRequest write(String json) {
        byte[] body = b(json);
        return reader.write(body, body.length, "t", null).request();
    }

    private static AppendRequest writeDefault(String json) {
        byte[] body = b(json);
        return new BodyReader(Limits.defaults()).write(body, body.length, "t", null).request();
    }

    private static String data(RecordInput r) {
        return new String(r.dataArray(), r.dataOffset(), r.dataLength(), StandardCharsets.UTF_8);
    }

    private SeqlogException writeFails(String json) {
        return assertThrows(SeqlogException.class, () -> write(json));
    }

    @Test
    void dataKeepsNumberLexemesKeyOrderAndDropsWhitespace() {
        AppendRequest r = writeDefault("{\"records\":[{\"data\" : { \"z\" : 1.0 , \"a\" : [ 123456789012345678901234567890 ,"
                + " -0, 1e5, 1.10E+2, -2.50 ] , \"s\" : \"x y\" } }]}");
        assertEquals("{\"z\":1.0,\"a\":[123456789012345678901234567890,-0,1e5,1.10E+2,-2.50],\"s\":\"x y\"}",
                data(r.records().get(0)));
    }

    @Test
    void scalarAndNullDataAreKept() {
        AppendRequest r = writeDefault("{\"records\":[{\"data\":null},{\"data\":\"s\"},{\"data\":true},{\"data\":7}]}");
        assertEquals("null", data(r.records().get(0)));
        assertEquals("\"s\"", data(r.records().get(1)));
        assertEquals("true", data(r.records().get(2)));
        assertEquals("7", data(r.records().get(3)));
    }

    @Test
    void stringsStayIntactIncludingEscapesAndAstralCharacters() {
        AppendRequest r = writeDefault("{\"records\":[{\"data\":\"q\\\"b\\\\n\\u00e9\\ud83d\\ude00\"}]}");
        assertEquals("\"q\\\"b\\\\né😀\"", data(r.records().get(0)));
    }

    @Test
    void unpairedSurrogateEscapesAreRefusedNotMerged() {
        for (String s : new String[] {"a\\ud800b", "\\udc00", "x\\ud800", "\\ude00\\ud83d"}) {
            SeqlogException e = assertThrows(SeqlogException.class,
                    () -> writeDefault("{\"records\":[{\"data\":\"" + s + "\"}]}"), s);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        }
        assertThrows(SeqlogException.class, () -> writeDefault("{\"records\":[{\"data\":{\"k\\ud800\":1}}]}"));
        assertEquals("\"😀\"", data(writeDefault("{\"records\":[{\"data\":\"\\ud83d\\ude00\"}]}").records().get(0)));
    }

    @Test
    void metaTagNodeAndOptionsAreCaptured() {
        byte[] body = b("{\"records\":[{\"meta\":{ \"k\" : 2.0 },\"tag\":\"t1\",\"node\":\"n1\",\"data\":1}],"
                + "\"node\":\"n0\",\"idempotency_key\":\"k1\",\"create\":false,\"unknown\":{\"x\":[1]}}");
        AppendRequest r = reader.write(body, body.length, "t", "hdr").request();
        RecordInput in = r.records().get(0);
        assertEquals("{\"k\":2.0}", new String(in.meta(), StandardCharsets.UTF_8));
        assertEquals("t1", in.tag());
        assertEquals("n1", in.node());
        assertEquals("n0", r.node());
        assertEquals("k1", r.idempotencyKey());
        assertEquals(Boolean.FALSE, r.create());
    }

    @Test
    void headerIdempotencyKeyIsUsedWhenBodyHasNone() {
        byte[] body = b("{\"records\":[{\"data\":1}]}");
        assertEquals("hdr", reader.write(body, body.length, "t", "hdr").request().idempotencyKey());
    }

    @Test
    void inlineConfigIsParsedAndFlagged() {
        byte[] body = b("{\"records\":[{\"data\":1}],\"config\":{\"dead_letter\":\"dlq\"}}");
        ParsedWrite w = reader.write(body, body.length, "t", null);
        assertTrue(w.hasConfig());
        assertEquals("dlq", w.deadLetter());
        assertFalse(w.withoutConfig().hasConfig());
    }

    @Test
    void perRecordLimitsCarryTheIndex() {
        SeqlogException tag = writeFails("{\"records\":[{\"data\":1},{\"data\":1,\"tag\":\"123456789\"}]}");
        assertEquals(ErrorCode.INVALID_REQUEST, tag.code());
        assertEquals(1, tag.detail().get("index"));
        assertEquals("tag", tag.detail().get("field"));

        SeqlogException node = writeFails("{\"records\":[{\"data\":1,\"node\":\"1234567\"}]}");
        assertEquals("node", node.detail().get("field"));
        assertEquals(0, node.detail().get("index"));

        SeqlogException empty = writeFails("{\"records\":[{\"data\":1,\"tag\":\"\"}]}");
        assertEquals(ErrorCode.INVALID_REQUEST, empty.code());

        SeqlogException record = writeFails("{\"records\":[{\"data\":1},{\"data\":1},{\"data\":\""
                + "x".repeat(70) + "\"}]}");
        assertEquals(ErrorCode.RECORD_TOO_LARGE, record.code());
        assertEquals(2, record.detail().get("index"));
        assertEquals(64L, ((Number) record.detail().get("max")).longValue());

        SeqlogException meta = writeFails("{\"records\":[{\"data\":1,\"meta\":{\"k\":\"" + "x".repeat(40) + "\"}}]}");
        assertEquals(ErrorCode.RECORD_TOO_LARGE, meta.code());
        assertEquals("max_meta_bytes", meta.detail().get("limit"));
    }

    @Test
    void metaOverSixtyFourKeysIsTooLarge() {
        StringBuilder m = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            m.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        m.append('}');
        byte[] body = b("{\"records\":[{\"data\":1,\"meta\":" + m + "}]}");
        SeqlogException e = assertThrows(SeqlogException.class,
                () -> new BodyReader(Limits.defaults()).write(body, body.length, "t", null));
        assertEquals(ErrorCode.RECORD_TOO_LARGE, e.code());
        assertEquals("meta_keys", e.detail().get("limit"));
    }

    @Test
    void batchLimitReportsTheCount() {
        SeqlogException e = writeFails("{\"records\":[{\"data\":1},{\"data\":2},{\"data\":3},{\"data\":4},{\"data\":5}]}");
        assertEquals(ErrorCode.BATCH_TOO_LARGE, e.code());
        assertEquals(5, e.detail().get("count"));
        assertEquals(3, e.detail().get("max"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "{\"records\":[]}", "{\"records\":{}}", "{\"records\":[1]}", "{\"records\":[{\"tag\":\"x\"}]}",
        "{\"records\":[{\"data\":1,\"meta\":[1]}]}", "{\"records\":[{\"data\":1,\"meta\":null}]}",
        "{\"records\":[{\"data\":1,\"tag\":5}]}", "{\"records\":[{\"data\":1}],\"create\":\"yes\"}",
        "{\"records\":[{\"data\":1}],\"idempotency_key\":\"\"}", "{\"records\":[{\"data\":1}]} x",
        "{\"records\":[{\"data\":1}]}{}", "{\"records\":[{\"data\":01}]}", "{\"records\":[{\"data\":NaN}]}",
        "{\"records\":[{\"data\":1,}]}", "{\"records\":[{\"data\":1}]", "{\"records\":[{\"data\":'x'}]}",
        "{\"records\":[{\"data\":1}],\"config\":{\"ttl_ms\":-1}}", "{\"records\":[{\"data\":1}],\"config\":5}"
    })
    void malformedOrMistypedWritesAreInvalidRequests(String json) {
        if (json.isEmpty()) {
            assertEquals(ErrorCode.INVALID_REQUEST,
                    assertThrows(SeqlogException.class, () -> reader.write(new byte[0], 0, "t", null)).code());
            return;
        }
        assertEquals(ErrorCode.INVALID_REQUEST, writeFails(json).code());
    }

    @Test
    void invalidUtf8IsAnInvalidRequest() {
        byte[] body = b("{\"records\":[{\"data\":\"xx\"}]}");
        body[21] = (byte) 0xC3;
        body[22] = (byte) 0x28;
        assertEquals(ErrorCode.INVALID_REQUEST,
                assertThrows(SeqlogException.class, () -> reader.write(body, body.length, "t", null)).code());
    }

    @Test
    void deeplyNestedDataIsRefusedWithoutStackOverflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        byte[] body = b("{\"records\":[{\"data\":" + deep + "}]}");
        SeqlogException e = assertThrows(SeqlogException.class,
                () -> new BodyReader(Limits.defaults()).write(body, body.length, "t", null));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void configReadsEveryFieldAndClamps() {
        byte[] body = b("{\"type\":\"queue\",\"ttl_ms\":5,\"cap_records\":6,\"cap_bytes\":7,\"discard\":\"reject\","
                + "\"durable\":true,\"priority\":99999999999999999999999,\"auto_priority\":false,\"auto_create\":false,"
                + "\"idempotency_window_ms\":999999999999,\"dedupe_node\":false,\"lease_ms\":1,"
                + "\"claim_jitter_ms\":9000,\"max_deliveries\":3,\"dead_letter\":\"dlq\",\"leases_durable\":true}");
        TopicConfig c = reader.topicConfig(body, body.length, "t");
        assertEquals(TopicType.QUEUE, c.type());
        assertEquals(5, c.ttlMs());
        assertEquals(6, c.capRecords());
        assertEquals(7, c.capBytes());
        assertEquals(Durability.FSYNC, c.durability());
        assertEquals(1000, c.priority());
        assertFalse(c.autoPriority());
        assertFalse(c.autoCreate());
        assertEquals(TopicConfig.MAX_IDEMPOTENCY_WINDOW_MS, c.idempotencyWindowMs());
        assertFalse(c.dedupeNode());
        assertEquals(TopicConfig.MIN_LEASE_MS, c.leaseMs());
        assertEquals(TopicConfig.MAX_CLAIM_JITTER_MS, c.claimJitterMs());
        assertEquals(3, c.maxDeliveries());
        assertEquals("dlq", c.deadLetter());
        assertTrue(c.leasesDurable());
        assertEquals(TopicConfig.defaults(), reader.topicConfig(new byte[0], 0, "t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"stream\"}", "{\"ttl_ms\":\"5\"}", "{\"ttl_ms\":1.5}", "{\"cap_records\":-1}",
        "{\"discard\":\"new\"}", "{\"durable\":1}", "{\"durability\":\"FSYNC\"}", "{\"priority\":1.5}",
        "{\"dead_letter\":\"t\"}", "{\"dead_letter\":\"bad name\"}", "{\"dead_letter\":5}",
        "{\"ttl_ms\":99999999999999999999}", "{\"ttl_ms\":null}", "[1]", "{\"x\":1"
    })
    void badConfigsAreInvalidRequests(String json) {
        byte[] body = b(json);
        SeqlogException e = assertThrows(SeqlogException.class, () -> reader.topicConfig(body, body.length, "t"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void wrongTypesNameTheField() {
        byte[] body = b("{\"ttl_ms\":\"5\"}");
        SeqlogException e = assertThrows(SeqlogException.class, () -> reader.topicConfig(body, body.length, "t"));
        assertEquals("ttl_ms", e.detail().get("field"));
    }

    @Test
    void diffBodyDefaultsAndClamps() {
        BodyReader.DiffBody d = reader.diff(new byte[0], 0);
        assertEquals(0, d.request().fromSeq());
        assertEquals(0, d.waitMs());
        byte[] body = b("{\"from_seq\":5,\"limit\":999999999999,\"node\":[\"a\",\"b\"],\"include_tags\":true,"
                + "\"include_meta\":false,\"wait_ms\":99999999,\"max_batch_bytes\":99999999999}");
        d = reader.diff(body, body.length);
        assertEquals(5, d.request().fromSeq());
        assertEquals(1000, d.request().limit());
        assertEquals(Set.of("a", "b"), d.request().nodes());
        assertTrue(d.request().includeTags());
        assertFalse(d.request().includeMeta());
        assertEquals(BodyReader.MAX_WAIT_MS, d.waitMs());
        byte[] one = b("{\"node\":\"a\"}");
        assertEquals(Set.of("a"), reader.diff(one, one.length).request().nodes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"from_seq\":-1}", "{\"from_seq\":\"1\"}", "{\"limit\":1.5}", "{\"node\":[]}",
        "{\"node\":5}", "{\"node\":\"\"}", "{\"node\":[\"1234567\"]}", "{\"include_tags\":\"true\"}",
        "{\"wait_ms\":-5}", "{\"from_seq\":99999999999999999999}"})
    void badDiffBodiesAreInvalidRequests(String json) {
        byte[] body = b(json);
        assertEquals(ErrorCode.INVALID_REQUEST,
                assertThrows(SeqlogException.class, () -> reader.diff(body, body.length)).code());
    }

    @Test
    void tooManyReaderNodesAreRefused() {
        StringBuilder s = new StringBuilder("{\"node\":[");
        for (int i = 0; i < 65; i++) {
            s.append(i == 0 ? "" : ",").append("\"n").append(i).append('"');
        }
        byte[] body = b(s.append("]}").toString());
        assertEquals(ErrorCode.INVALID_REQUEST,
                assertThrows(SeqlogException.class, () -> reader.diff(body, body.length)).code());
    }

    @Test
    void deleteBodies() {
        byte[] a = b("{\"before_seq\":7}");
        assertEquals(7L, reader.delete(a, a.length).beforeSeq());
        byte[] eq = b("{\"match\":\"x\"}");
        DeleteRequest d = reader.delete(eq, eq.length);
        assertFalse(d.match().prefix());
        assertNull(d.beforeSeq());
        byte[] glob = b("{\"match\":[\"tag\",\"Glob\",\"chat-42:*\"],\"before_seq\":3}");
        d = reader.delete(glob, glob.length);
        assertTrue(d.match().prefix());
        assertEquals("chat-42:", d.match().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"match\":[\"tag\",\"Eq\"]}", "{\"match\":[\"seq\",\"Eq\",\"x\"]}",
        "{\"match\":[\"tag\",\"eq\",\"x\"]}", "{\"match\":[\"tag\",\"Glob\",\"a*b*\"]}",
        "{\"match\":[\"tag\",\"Glob\",\"ab\"]}", "{\"match\":[\"tag\",\"Eq\",\"x\",\"y\"]}", "{\"match\":5}",
        "{\"before_seq\":-1}", "{\"match\":[\"tag\",\"Eq\",5]}"})
    void badDeletesAreInvalidRequests(String json) {
        byte[] body = b(json);
        assertEquals(ErrorCode.INVALID_REQUEST,
                assertThrows(SeqlogException.class, () -> reader.delete(body, body.length)).code());
    }
}
