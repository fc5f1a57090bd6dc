package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON and NDJSON writes, payload fidelity, request encodings and limits (API §3, §12, §16.1). */
class WriteRoutesTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_MAX_BODY_BYTES", "4096", "SEQLOG_MAX_RECORD_BYTES", "512", "SEQLOG_MAX_META_BYTES",
                "64", "SEQLOG_MAX_BATCH_RECORDS", "5", "SEQLOG_MAX_TAG_BYTES", "8", "SEQLOG_MAX_NODE_BYTES", "6");
    }

    static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        }
        return out.toByteArray();
    }

    @Test
    void firstWriteCreatesTheTopic() {
        Http.Resp r = post("/v0/topics/w", "{\"records\":[{\"data\":{\"x\":1}},{\"data\":\"b\",\"tag\":\"t1\"}]}");
        assertEquals(201, r.status(), r.toString());
        assertEquals("w", r.at("topic"));
        assertEquals(1L, r.at("first_seq"));
        assertEquals(2L, r.at("last_seq"));
        assertEquals(List.of(1L, 2L), r.at("seqs"));
        assertEquals(2L, r.at("head_seq"));
        assertEquals(2L, r.at("count"));
        assertEquals(true, r.at("created"));
        assertEquals(false, r.at("deduped"));
        assertNotNull(r.at("performance.wal_append_ms"));
        assertNotNull(r.at("performance.fsync_ms"));
        Http.Resp second = post("/v0/topics/w?return_seqs=false", "{\"records\":[{\"data\":3}]}");
        assertEquals(200, second.status());
        assertEquals(false, second.at("created"));
        assertNull(second.at("seqs"));
        assertEquals(3L, second.at("first_seq"));
    }

    @Test
    void payloadBytesRoundTripExactly() {
        String data = "{\"z\":1.0,\"big\":123456789012345678901234567890,\"e\":1E+2,\"neg\":-0.000,\"s\":\"\\u00e9\\n\"}";
        post("/v0/topics/p", "{\"records\":[{\"data\":  " + data.replace(",", " , ") + " , \"meta\" : {\"b\":2.50,"
                + "\"a\":[1]}, \"tag\":\"t\\\"q\", \"node\":\"n1\"}]}");
        Http.Resp d = post("/v0/topics/p/diff", "{\"include_tags\":true}");
        String text = d.text();
        assertTrue(text.contains("\"data\":{\"z\":1.0,\"big\":123456789012345678901234567890,\"e\":1E+2,"
                + "\"neg\":-0.000,\"s\":\"é\\n\"}"), text);
        assertTrue(text.contains("\"meta\":{\"b\":2.50,\"a\":[1]}"), text);
        assertTrue(text.contains("\"$tag\":\"t\\\"q\""), text);
        assertTrue(text.contains("\"$node\":\"n1\""), text);
    }

    @Test
    void createFalseAndAutoCreateFalse() {
        Http.Resp r = post("/v0/topics/nc", "{\"records\":[{\"data\":1}],\"create\":false}");
        assertEquals(404, r.status());
        assertEquals("topic_not_found", r.code());
        Http.Resp a = post("/v0/topics/nc", "{\"records\":[{\"data\":1}],\"config\":{\"auto_create\":false}}");
        assertEquals(404, a.status());
        Http.Resp c = post("/v0/topics/nc", "{\"records\":[{\"data\":1}],\"config\":{\"ttl_ms\":5000}}");
        assertEquals(201, c.status());
        assertEquals(5000L, get("/v0/topics/nc").at("config.ttl_ms"));
    }

    @Test
    void idempotencyKeyFromBodyOrHeader() {
        Http.Resp a = post("/v0/topics/i", "{\"records\":[{\"data\":1}],\"idempotency_key\":\"k1\"}");
        Http.Resp b = post("/v0/topics/i", "{\"records\":[{\"data\":2},{\"data\":3}],\"idempotency_key\":\"k1\"}");
        assertEquals(200, b.status());
        assertEquals(true, b.at("deduped"));
        assertEquals(a.at("first_seq"), b.at("first_seq"));
        Http.Resp h1 = post("/v0/topics/i", "{\"records\":[{\"data\":1}]}", "Idempotency-Key", "h");
        Http.Resp h2 = post("/v0/topics/i", "{\"records\":[{\"data\":1}]}", "Idempotency-Key", "h");
        assertEquals(false, h1.at("deduped"));
        assertEquals(true, h2.at("deduped"));
        assertEquals(2L, head("i"));
        Http.Resp tooLong = post("/v0/topics/i", "{\"records\":[{\"data\":1}]}", "Idempotency-Key", "x".repeat(257));
        assertEquals(400, tooLong.status());
        assertEquals("idempotency_key", tooLong.at("error.detail.field"));
    }

    @Test
    void ndjsonIngest() {
        String body = "{\"user\":\"u1\",\"page\":\"/\"}\n{\"user\":\"u2\",\"page\":1.50}\r\n\n{\"page\":\"/about\"}";
        Http.Resp r = raw("POST", "/v0/topics/clicks?node=edge-3&tag_field=user&idempotency_key=up-17", NDJSON,
                utf8(body));
        assertEquals(201, r.status(), r.toString());
        assertEquals(1L, r.at("first_seq"));
        assertEquals(3L, r.at("last_seq"));
        assertEquals(3L, r.at("count"));
        assertNull(r.at("seqs"));
        Http.Resp d = post("/v0/topics/clicks/diff", "{\"include_tags\":true}");
        assertEquals("u1", d.at("records.0.$tag"));
        assertEquals("edge-3", d.at("records.0.$node"));
        assertTrue(d.text().contains("{\"user\":\"u2\",\"page\":1.50}"), d.text());
        assertNull(d.at("records.2.$tag"));
        Http.Resp again = raw("POST", "/v0/topics/clicks?idempotency_key=up-17&return_seqs=true",
                NDJSON + "; charset=utf-8", utf8("1\n"));
        assertEquals(true, again.at("deduped"));
        assertEquals(List.of(1L, 2L, 3L), again.at("seqs"));
        Http.Resp bad = raw("POST", "/v0/topics/clicks", NDJSON, utf8("1\n2\n\n{\"a\":\n5"));
        assertEquals(400, bad.status());
        assertEquals(4L, bad.at("error.detail.line"));
        Http.Resp noCreate = raw("POST", "/v0/topics/nd2?create=false", NDJSON, utf8("1"));
        assertEquals(404, noCreate.status());
        assertEquals(400, raw("POST", "/v0/topics/clicks?node=", NDJSON, utf8("1")).status());
        assertEquals(400, raw("POST", "/v0/topics/clicks?create=maybe", NDJSON, utf8("1")).status());
        assertEquals(400, raw("POST", "/v0/topics/clicks", NDJSON, utf8("\n\n")).status());
        Http.Resp many = raw("POST", "/v0/topics/clicks", NDJSON, utf8("1\n2\n3\n4\n5\n6"));
        assertEquals("batch_too_large", many.code());
        assertEquals(3L, head("clicks"));
    }

    @Test
    void gzipRequestBodies() throws IOException {
        byte[] body = gzip(utf8("{\"records\":[{\"data\":\"zipped\"}]}"));
        Http.Resp r = raw("POST", "/v0/topics/gz", JSON, body, "Content-Encoding", "gzip");
        assertEquals(201, r.status(), r.toString());
        Http.Resp nd = raw("POST", "/v0/topics/gz", NDJSON, gzip(utf8("1\n2")), "Content-Encoding", "GZIP");
        assertEquals(200, nd.status(), nd.toString());
        assertEquals(3L, head("gz"));
    }

    @Test
    void gzipBombsAndCorruptGzipAreRefused() throws IOException {
        put("/v0/topics/gb", "{}");
        byte[] bomb = gzip(utf8("{\"records\":[{\"data\":\"" + " ".repeat(200_000) + "\"}]}"));
        assertTrue(bomb.length < 4096);
        Http.Resp r = raw("POST", "/v0/topics/gb", JSON, bomb, "Content-Encoding", "gzip");
        assertEquals(413, r.status());
        assertEquals("payload_too_large", r.code());
        assertEquals(4096L, r.at("error.detail.max"));
        Http.Resp corrupt = raw("POST", "/v0/topics/gb", JSON, utf8("not gzip at all"), "Content-Encoding", "gzip");
        assertEquals(400, corrupt.status());
        Http.Resp br = raw("POST", "/v0/topics/gb", JSON, utf8("{}"), "Content-Encoding", "br");
        assertEquals(415, br.status());
        assertEquals(0L, head("gb"));
    }

    @Test
    void oversizeBodiesAre413BeforeParsing() {
        put("/v0/topics/big", "{}");
        Http.Resp r = raw("POST", "/v0/topics/big", JSON, utf8("{\"records\":[" + "x".repeat(5000) + "]}"));
        assertEquals(413, r.status());
        assertEquals("payload_too_large", r.code());
        Http.Resp wrongTypeToo = raw("POST", "/v0/topics/big", "text/plain", new byte[5000]);
        assertEquals(413, wrongTypeToo.status());
        assertEquals(0L, head("big"));
    }

    @Test
    void chunkedBodiesAreCountedWhileReading() {
        put("/v0/topics/ch", "{}");
        StringBuilder chunks = new StringBuilder();
        String piece = "{\"records\":[" + "{\"data\":1},".repeat(150);
        for (int i = 0; i < 3; i++) {
            chunks.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        chunks.append("0\r\n\r\n");
        String resp = RawHttp.send(server.port(), "POST /v0/topics/ch HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked", utf8(chunks.toString()));
        assertEquals(413, RawHttp.status(resp), resp);
        assertTrue(resp.contains("payload_too_large"));
        String ok = "{\"records\":[{\"data\":1}]}";
        String small = RawHttp.send(server.port(), "POST /v0/topics/ch HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked", utf8(Integer.toHexString(ok.length()) + "\r\n" + ok + "\r\n0\r\n\r\n"));
        assertEquals(200, RawHttp.status(small), small);
        assertEquals(1L, head("ch"));
    }

    @Test
    void contentTypeRules() {
        put("/v0/topics/ct", "{}");
        String body = "{\"records\":[{\"data\":1}]}";
        assertEquals(415, raw("POST", "/v0/topics/ct", null, utf8(body)).status());
        Http.Resp r = raw("POST", "/v0/topics/ct", "text/plain", utf8(body));
        assertEquals(415, r.status());
        assertEquals("unsupported_media_type", r.code());
        assertEquals(200, raw("POST", "/v0/topics/ct", "Application/JSON; charset=utf-8", utf8(body)).status());
        Http.Resp empty = raw("POST", "/v0/topics/ct", null, new byte[0]);
        assertEquals(400, empty.status());
        assertEquals("invalid_request", empty.code());
        assertEquals(415, raw("PUT", "/v0/topics/ct", NDJSON, utf8("{}")).status());
        assertEquals(415, raw("POST", "/v0/topics/ct/diff", NDJSON, utf8("{}")).status());
        assertEquals(1L, head("ct"));
    }

    @Test
    void limitsGiveTheirCodesAndAppendNothing() {
        put("/v0/topics/lim", "{}");
        Http.Resp batch = post("/v0/topics/lim", "{\"records\":[" + "{\"data\":1},".repeat(5) + "{\"data\":1}]}");
        assertEquals(400, batch.status());
        assertEquals("batch_too_large", batch.code());
        assertEquals(6L, batch.at("error.detail.count"));
        Http.Resp record = post("/v0/topics/lim", "{\"records\":[{\"data\":1},{\"data\":\"" + "x".repeat(600) + "\"}]}");
        assertEquals("record_too_large", record.code());
        assertEquals(1L, record.at("error.detail.index"));
        Http.Resp meta = post("/v0/topics/lim", "{\"records\":[{\"data\":1,\"meta\":{\"k\":\"" + "x".repeat(70) + "\"}}]}");
        assertEquals("record_too_large", meta.code());
        assertEquals(0L, meta.at("error.detail.index"));
        Http.Resp tag = post("/v0/topics/lim", "{\"records\":[{\"data\":1,\"tag\":\"123456789\"}]}");
        assertEquals("invalid_request", tag.code());
        assertEquals("tag", tag.at("error.detail.field"));
        Http.Resp node = post("/v0/topics/lim", "{\"records\":[{\"data\":1}],\"node\":\"1234567\"}");
        assertEquals("invalid_request", node.code());
        assertEquals(0L, head("lim"));
    }

    @Test
    void malformedAndMistypedBodiesAre400AndAppendNothing() {
        put("/v0/topics/m", "{}");
        for (String body : List.of("{", "[]", "null", "{\"records\":5}", "{\"records\":[]}", "{\"records\":[{}]}",
                "{\"records\":[{\"data\":1,\"meta\":\"m\"}]}", "{\"records\":[{\"data\":1,\"tag\":\"\"}]}",
                "{\"records\":[{\"data\":1}],\"create\":1}", "{\"records\":[{\"data\":1}]}]",
                "{\"records\":[{\"data\":tru}]}", "{\"records\":[{\"data\":1}],\"config\":{\"type\":\"x\"}}",
                "{\"records\":[{\"data\":\"\\ud800\"}]}x")) {
            Http.Resp r = post("/v0/topics/m", body);
            assertEquals(400, r.status(), body + " -> " + r);
            assertEquals("invalid_request", r.code(), body);
        }
        byte[] badUtf8 = utf8("{\"records\":[{\"data\":\"ab\"}]}");
        badUtf8[22] = (byte) 0xFF;
        assertEquals(400, raw("POST", "/v0/topics/m", JSON, badUtf8).status());
        assertEquals(0L, head("m"));
        assertFalse(get("/v0/topics/m").text().contains("error"));
    }

    @Test
    void invalidTopicNamesOnWrites() {
        Http.Resp r = post("/v0/topics/" + "a".repeat(256), "{\"records\":[{\"data\":1}]}");
        assertEquals(400, r.status());
        assertEquals("invalid_request", r.code());
        assertEquals(400, post("/v0/topics/_x", "{\"records\":[{\"data\":1}]}").status());
        assertEquals(400, raw("POST", "/v0/topics/%20x", NDJSON, utf8("1")).status());
    }
}
