package dev.seqlog.server.http;

import dev.seqlog.server.auth.KeyRing;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import org.junit.jupiter.api.BeforeEach;
import dev.seqlog.testsupport.ExpectErrorLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strict protocol handling: the bearer header (API §1.3), path parameters (§1.1, §1.7), the u64 range
 * (§1.6), UTF-8 bodies (§1.6), request framing, and {@code Expect: 100-continue}. Each case is input the
 * server once accepted; every refusal is checked for its exact status and code, and for having written
 * nothing.
 */
class StrictProtocolTest extends ServerTest {
    private static final String AUTH = "Authorization: Bearer ops";
    private static final String WRITE = "{\"records\":[{\"data\":1}]}";
    private static final String U64_MAX = "18446744073709551615";
    private static final String TWO_TO_64 = "18446744073709551616";
    private static final String TWO_TO_63 = "9223372036854775808";

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops");
    }

    @BeforeEach
    void authenticate() {
        defaultHeaders.put("Authorization", "Bearer ops");
    }

    // ------------------------------------------------------------------------------------- helpers

    private static void assertError(Http.Resp r, int status, String code) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.code(), r.toString());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
    }

    private static void assertInvalidField(Http.Resp r, String field) {
        assertError(r, 400, "invalid_request");
        assertEquals(field, r.at("error.detail.field"), r.toString());
    }

    /** Concatenates strings (as UTF-8) and byte arrays. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] hex(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private long count(String topic) {
        return get("/v0/topics/" + topic + "?touch=false").num("count");
    }

    private List<String> topics() {
        return TopicRoutesTest.names(get("/v0/topics"));
    }

    /** Sends a request head (with the blank line added) and a body, and reads until the server closes. */
    private String wire(String head, byte[] body) {
        return RawHttp.exchange(server.port(), bytes(head + "\r\n\r\n", body), 10_000);
    }

    private static byte[] chunked(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return bytes(Integer.toHexString(b.length) + "\r\n", b, "\r\n0\r\n\r\n");
    }

    // -------------------------------------------------------------------------- 1. Authorization

    @Test
    void keyRingRefusesAnythingButBearerOneSpaceAndAnUnpaddedToken() {
        // entries are trimmed, but the secret is everything before the first ':', so the second secret is "pad "
        KeyRing ring = KeyRing.parse("ops, pad :read");
        assertNotNull(ring.authenticate("Bearer ops"));
        assertNotNull(ring.authenticate("bEARER ops"));
        for (String h : List.of("Bearer  ops", "Bearer\tops", "Bearer \tops", "Bearer ops ", "Bearer ops\t",
                "Bearer  pad", "Bearer pad ", "Bearer pad\t", "Bearer\u00a0ops", "Bearer ops\u000b", "Bearer",
                "Bearer ", "Bearerops", "Bearer:ops", "Basic ops", "Bearer\u00a0", "Bear ops")) {
            assertNull(ring.authenticate(h), '"' + h + '"');
        }
    }

    @Test
    void malformedBearerHeadersThatReachTheServerAre401() {
        for (String value : List.of("Bearer", "Bearer ", "Bearerops", "Bearer:ops", "Bearer\u000bops", "ops")) {
            String resp = RawHttp.send(server.port(), "GET /v0/topics HTTP/1.1\r\nAuthorization: " + value, null);
            assertEquals(401, RawHttp.status(resp), value + " -> " + resp);
            assertEquals("Bearer", RawHttp.header(resp, "WWW-Authenticate"));
            assertEquals("unauthorized", JsonValue.at(JsonValue.parse(RawHttp.body(resp)), "error.code"));
        }
        for (String value : List.of("bearer ops", "BEARER ops")) {
            String resp = RawHttp.send(server.port(), "GET /v0/topics HTTP/1.1\r\nAuthorization: " + value, null);
            assertEquals(200, RawHttp.status(resp), value + " -> " + resp);
        }
    }

    /** The HTTP layer folds whitespace runs in header values before any handler runs (API §1.3 records it). */
    @ParameterizedTest
    @ValueSource(strings = {"Bearer  ops", "Bearer\tops", "Bearer ops ", "Bearer  ops\t"})
    void whitespaceAroundTheTokenIsFoldedByTheHttpLayer(String value) {
        put("/v0/topics/guarded", "{}");
        String resp = RawHttp.send(server.port(), "POST /v0/topics/guarded HTTP/1.1\r\nAuthorization: " + value
                + "\r\nContent-Type: application/json\r\nContent-Length: " + WRITE.length(), utf8(WRITE));
        assertEquals(200, RawHttp.status(resp), resp);
        assertEquals(1L, head("guarded"));
    }

    // ------------------------------------------------------------------------ 2. path parameters

    @ParameterizedTest
    @CsvSource({
        "PUT, /v0/topics/name;x, name;x", "GET, /v0/topics/name;x, name;x", "DELETE, /v0/topics/name;x, name;x",
        "POST, /v0/topics/name;x, name;x", "POST, /v0/topics/name;x/diff, name;x",
        "POST, /v0/topics/name;x/delete, name;x", "GET, /v0/topics/name;x/records, name;x",
        "PUT, /v0/topics/name;, name;", "POST, /v0/topics/name;a=b, name;a=b", "PUT, /v0/topics/name%3Bx, name;x"
    })
    void aSemicolonInTheTopicSegmentIsPartOfTheName(String method, String path, String name) {
        append("name", "1");
        String body = switch (method + " " + path.substring(path.lastIndexOf('/'))) {
            case "POST /delete" -> "{\"before_seq\":9}";
            case "PUT /name;x", "PUT /name;", "PUT /name%3Bx" -> "{\"type\":\"queue\"}";
            default -> method.equals("POST") && !path.endsWith("/diff") ? WRITE : null;
        };
        Http.Resp r = raw(method, path, body == null ? null : JSON, body == null ? null : utf8(body));
        assertError(r, 400, "invalid_request");
        assertEquals(name, r.at("error.detail.topic"));
        assertEquals(List.of("name"), topics());
        assertEquals(1L, head("name"));
        assertEquals(1L, count("name"));
        assertEquals("log", get("/v0/topics/name").at("type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v0/health;x", "/healthz;x", "/v0/ready;", "/v0/metrics;x", "/v0/topics;x", "/v0;x/topics",
        "/v0/topics/t/diff;x"})
    void pathParametersNeverMatchALiteralSegment(String path) {
        Http.Resp r = raw(path.endsWith("diff;x") ? "POST" : "GET", path, null, null);
        assertError(r, 404, "not_found");
    }

    @Test
    void percentEncodedNamesStillDecodeAndAbsoluteFormTargetsUseTheirPath() {
        Http.Resp created = put("/v0/topics/orders%3Aeu", "{}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("orders:eu", created.at("topic"));
        assertEquals(200, post("/v0/topics/orders%3Aeu", WRITE).status());
        assertEquals(1L, head("orders:eu"));
        String abs = RawHttp.send(server.port(), "GET http://localhost/v0/topics/orders%3Aeu?touch=false HTTP/1.1\r\n"
                + AUTH, null);
        assertEquals(200, RawHttp.status(abs), abs);
        assertEquals("orders:eu", JsonValue.at(JsonValue.parse(RawHttp.body(abs)), "topic"));
        String absParam = RawHttp.send(server.port(), "PUT http://localhost/v0/topics/abs;x HTTP/1.1\r\n" + AUTH, null);
        assertEquals(400, RawHttp.status(absParam), absParam);
        assertEquals("abs;x", JsonValue.at(JsonValue.parse(RawHttp.body(absParam)), "error.detail.topic"));
        String health = RawHttp.send(server.port(), "GET http://localhost/v0/health;x HTTP/1.1", null);
        assertEquals(404, RawHttp.status(health), health);
        assertEquals(List.of("orders:eu"), topics());
    }

    /** What Undertow itself reports with DECODE_URL=false, as the server configures it, and what RawPath keeps. */
    @Test
    @ExpectErrorLogs // a bare Undertow stopped just after its last connection may log XNIO's accept race at ERROR
    void undertowMovesPathParametersOutOfTheRequestPathButRawPathKeepsThem() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Undertow u = Undertow.builder()
                .setDirectBuffers(false)
                .setIoThreads(1)
                .setWorkerThreads(1)
                .addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setHandler(ex -> {
                    seen.add(ex.getRequestPath() + " | " + ex.getRequestURI() + " | " + RawPath.of(ex));
                    ex.getResponseSender().send("ok");
                })
                .build();
        u.start();
        try {
            int port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
            for (String target : List.of("/v0/topics/name;x", "/v0/topics/name;x/diff?a=b;c",
                    "/v0/topics/orders%3Aeu;a=b", "http://localhost:9/v0/health;x?q", "/v0/topics/a%3Bb")) {
                String resp = RawHttp.send(port, "GET " + target + " HTTP/1.1", null);
                assertEquals(200, RawHttp.status(resp), resp);
            }
        } finally {
            u.stop();
        }
        assertEquals(List.of(
                "/v0/topics/name | /v0/topics/name;x | /v0/topics/name;x",
                "/v0/topics/name/diff | /v0/topics/name;x/diff | /v0/topics/name;x/diff",
                "/v0/topics/orders%3Aeu | /v0/topics/orders%3Aeu;a=b | /v0/topics/orders%3Aeu;a=b",
                "/v0/health | http://localhost:9/v0/health;x | /v0/health;x",
                "/v0/topics/a%3Bb | /v0/topics/a%3Bb | /v0/topics/a%3Bb"), seen);
    }

    // ------------------------------------------------------------------------------------ 3. u64

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", TWO_TO_63, U64_MAX})
    void diffFromSeqAboveTheHeadUpToTwoTo64MinusOneIsACursorAheadOfTheLog(String fromSeq) {
        append("t", "1", "2", "3");
        Http.Resp r = post("/v0/topics/t/diff", "{\"from_seq\":" + fromSeq + "}");
        assertEquals(200, r.status(), r.toString());
        // API §4.3 case 1: a cursor ahead of the log gets a "recreated" tombstone and reads from earliest_seq
        assertEquals("recreated", r.at("tombstone.reason"));
        assertEquals(1L, r.at("tombstone.gap_from"));
        assertEquals(0L, r.at("tombstone.gap_to"));
        assertEquals(3, ((List<?>) r.at("records")).size());
        assertEquals(3L, r.at("next_from_seq"));
        assertEquals(true, r.at("caught_up"));
    }

    @ParameterizedTest
    @ValueSource(strings = {TWO_TO_64, "99999999999999999999999", "-1", "-9223372036854775809", "1.5", "1.0", "1e3",
        "1E+2", "\"5\"", "null", "true", "[1]"})
    void u64BodyFieldsOutsideTheRangeNameTheField(String value) {
        append("t", "1", "2", "3");
        assertInvalidField(post("/v0/topics/t/diff", "{\"from_seq\":" + value + "}"), "from_seq");
        assertInvalidField(post("/v0/topics/t/delete", "{\"before_seq\":" + value + "}"), "before_seq");
        assertEquals(3L, count("t"));
        for (String field : List.of("ttl_ms", "cap_records", "cap_bytes", "max_deliveries")) {
            assertInvalidField(put("/v0/topics/c", "{\"" + field + "\":" + value + "}"), field);
            assertInvalidField(post("/v0/topics/c", "{\"records\":[{\"data\":1}],\"config\":{\"" + field + "\":"
                    + value + "}}"), field);
        }
        assertEquals(List.of("t"), topics());
    }

    @ParameterizedTest
    @ValueSource(strings = {TWO_TO_63, U64_MAX})
    void deleteBeforeSeqAboveTheLongRangeMeansEveryRecord(String beforeSeq) {
        append("t", "1", "2", "3");
        Http.Resp r = post("/v0/topics/t/delete", "{\"before_seq\":" + beforeSeq + "}");
        assertEquals(200, r.status(), r.toString());
        assertEquals(3L, r.at("deleted"));
        assertEquals(0L, r.at("count"));
        assertEquals(4L, r.at("earliest_seq"));
    }

    @Test
    void configU64FieldsAcceptTheWholeRangeAndStoreTwoTo63MinusOne() {
        String body = "{\"ttl_ms\":" + U64_MAX + ",\"cap_records\":" + U64_MAX + ",\"cap_bytes\":" + TWO_TO_63
                + ",\"max_deliveries\":" + U64_MAX + "}";
        Http.Resp r = put("/v0/topics/c", body);
        assertEquals(201, r.status(), r.toString());
        for (String field : List.of("ttl_ms", "cap_records", "cap_bytes", "max_deliveries")) {
            assertEquals(Long.MAX_VALUE, r.at("config." + field), field);
        }
        assertEquals(200, put("/v0/topics/c", body).status());
        assertEquals(false, put("/v0/topics/c", body).at("created"));
        append("c", "1", "2");
        Http.Resp read = post("/v0/topics/c/diff", "{}");
        assertEquals(2, ((List<?>) read.at("records")).size(), read.toString());
        assertNull(read.at("tombstone"));
    }

    @Test
    void clampedAndSignedFieldsKeepClamping() {
        Http.Resp r = put("/v0/topics/k", "{\"idempotency_window_ms\":" + TWO_TO_64
                + ",\"lease_ms\":99999999999999999999999,"
                + "\"claim_jitter_ms\":" + TWO_TO_64 + ",\"priority\":-99999999999999999999}");
        assertEquals(201, r.status(), r.toString());
        assertEquals(86_400_000L, r.at("config.idempotency_window_ms"));
        assertEquals(86_400_000L, r.at("config.lease_ms"));
        assertEquals(5_000L, r.at("config.claim_jitter_ms"));
        assertEquals(-1_000L, r.at("config.priority"));
        append("k", "1");
        Http.Resp d = post("/v0/topics/k/diff", "{\"limit\":" + TWO_TO_64 + ",\"max_batch_bytes\":" + TWO_TO_64 + "}");
        assertEquals(200, d.status(), d.toString());
        assertEquals(1, ((List<?>) d.at("records")).size());
    }

    @Test
    void u64QueryParametersAcceptTheWholeRange() {
        append("t", "1", "2", "3");
        Http.Resp atLongMax = get("/v0/topics/t/records?from_seq=9223372036854775807");
        assertEquals(200, atLongMax.status(), atLongMax.toString());
        for (String v : List.of(TWO_TO_63, U64_MAX)) {
            Http.Resp r = get("/v0/topics/t/records?from_seq=" + v);
            assertEquals(200, r.status(), r.toString());
            assertEquals(atLongMax.text(), r.text(), v);
            assertTrue(Http.lines(r).get(Http.lines(r).size() - 1).startsWith("{\"$end\":"), r.text());
        }
        for (String v : List.of(TWO_TO_64, "-1", "1.5", "1e3", "%2B1", "")) {
            assertInvalidField(get("/v0/topics/t/records?from_seq=" + v), "from_seq");
        }
        // to_seq is documented as lowered to the head, so any unsigned decimal is accepted
        Http.Resp lowered = get("/v0/topics/t/records?to_seq=" + TWO_TO_64);
        assertEquals(200, lowered.status(), lowered.toString());
        assertEquals(4, Http.lines(lowered).size());
    }

    // ---------------------------------------------------------------------------------- 4. UTF-8

    /** Seeds topic "u": one record tagged "a/b", default config. */
    private void seedU() {
        assertEquals(201, put("/v0/topics/u", "{}").status());
        assertEquals(200, post("/v0/topics/u", "{\"records\":[{\"data\":1,\"tag\":\"a/b\"}]}").status());
    }

    private void assertUUntouched(String what) {
        Http.Resp s = get("/v0/topics/u?touch=false");
        assertEquals(1L, s.at("head_seq"), what);
        assertEquals(1L, s.at("count"), what);
        assertEquals(0L, s.at("config.ttl_ms"), what);
        assertEquals("log", s.at("config.type"), what);
    }

    private static final byte[] OVERLONG_SLASH = hex(0xC0, 0xAF);

    /** The same overlong '/' placed in every part of each JSON route's body: values, keys, and between tokens. */
    @ParameterizedTest
    @CsvSource({"PUT, /v0/topics/u", "POST, /v0/topics/u", "POST, /v0/topics/u/diff", "POST, /v0/topics/u/delete"})
    void anOverlongSlashAnywhereInAJsonBodyIs400(String method, String path) {
        seedU();
        byte[] bad = OVERLONG_SLASH;
        List<byte[]> bodies = new ArrayList<>();
        switch (path) {
            case "/v0/topics/u" -> {
                if (method.equals("PUT")) {
                    bodies.add(bytes("{\"ttl_ms\":5,\"x\":\"a", bad, "b\"}"));
                    bodies.add(bytes("{\"ttl_ms\":5,\"a", bad, "b\":1}"));
                    bodies.add(bytes("{\"ttl_ms\":5,", bad, "\"y\":1}"));
                    bodies.add(bytes("{\"ttl_ms\":5,\"durability\":\"dis", hex(0xC1, 0xAB), "\"}"));
                    bodies.add(bytes("{\"type\":\"queue\",\"dead_letter\":\"dl", bad, "x\"}"));
                } else {
                    String[][] places = {
                        {"{\"records\":[{\"data\":\"a", "b\"}]}"},
                        {"{\"records\":[{\"data\":{\"a", "b\":1}}]}"},
                        {"{\"records\":[{\"data\":1,\"tag\":\"a", "b\"}]}"},
                        {"{\"records\":[{\"data\":1,\"node\":\"a", "b\"}]}"},
                        {"{\"records\":[{\"data\":1,\"meta\":{\"k\":\"a", "b\"}}]}"},
                        {"{\"records\":[{\"data\":1,\"meta\":{\"a", "b\":1}}]}"},
                        {"{\"records\":[{\"data\":1,\"x", "\":1}]}"},
                        {"{\"records\":[{\"data\":1}],\"idempotency_key\":\"a", "b\"}"},
                        {"{\"records\":[{\"data\":1}],\"a", "b\":1}"},
                        {"{\"records\":[{\"data\":1}],\"node\":\"a", "b\"}"},
                        {"{\"records\":[{\"data\":1}] ", "}"},
                        {"{", "\"records\":[{\"data\":1}]}"},
                    };
                    for (String[] p : places) {
                        bodies.add(bytes(p[0], bad, p[1]));
                    }
                }
            }
            case "/v0/topics/u/diff" -> {
                bodies.add(bytes("{\"node\":\"a", bad, "b\"}"));
                bodies.add(bytes("{\"node\":[\"x\",\"a", bad, "b\"]}"));
                bodies.add(bytes("{\"x\":\"", bad, "\"}"));
                bodies.add(bytes("{\"from_seq\":0,", bad, "}"));
            }
            default -> {
                bodies.add(bytes("{\"match\":[\"tag\",\"Eq\",\"a", bad, "b\"]}"));
                bodies.add(bytes("{\"match\":\"a", bad, "b\"}"));
                bodies.add(bytes("{\"match\":[\"tag\",\"Glob\",\"a", bad, "*\"]}"));
                bodies.add(bytes("{\"before_seq\":9,\"a", bad, "b\":1}"));
            }
        }
        for (byte[] body : bodies) {
            String what = method + " " + path + " " + new String(body, StandardCharsets.ISO_8859_1);
            Http.Resp r = raw(method, path, JSON, body);
            assertEquals(400, r.status(), what + " -> " + r);
            assertEquals("invalid_request", r.code(), what);
            assertUUntouched(what);
        }
    }

    /** Every kind of ill-formed sequence, inside a tag string and inside an NDJSON line (detail.line). */
    @Test
    void everyIllFormedSequenceIs400() {
        seedU();
        List<byte[]> sequences = List.of(hex(0xC0, 0xAF), hex(0xC1, 0xBF), hex(0xE0, 0x80, 0xAF), hex(0xE0, 0x9F, 0xBF),
                hex(0xF0, 0x80, 0x80, 0xAF), hex(0xF0, 0x8F, 0xBF, 0xBF), hex(0xED, 0xA0, 0x80), hex(0xED, 0xBF, 0xBF),
                hex(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80), hex(0xF4, 0x90, 0x80, 0x80), hex(0xF5, 0x80, 0x80, 0x80),
                hex(0xFE), hex(0xFF), hex(0x80), hex(0xBF), hex(0xC3), hex(0xE2, 0x82), hex(0xF0, 0x9F, 0x98),
                hex(0xC3, 0x41), hex(0xE2, 0x41, 0xAC));
        for (byte[] seq : sequences) {
            String what = toHex(seq);
            Http.Resp tag = raw("POST", "/v0/topics/u", JSON,
                    bytes("{\"records\":[{\"data\":1,\"tag\":\"a", seq, "\"}]}"));
            assertError(tag, 400, "invalid_request");
            Http.Resp data = raw("POST", "/v0/topics/u", JSON, bytes("{\"records\":[{\"data\":[\"a", seq, "\"]}]}"));
            assertError(data, 400, "invalid_request");
            Http.Resp nd = raw("POST", "/v0/topics/u", NDJSON, bytes("{\"a\":1}\n\n{\"k\":\"", seq, "\"}\n"));
            assertError(nd, 400, "invalid_request");
            assertEquals(3L, nd.at("error.detail.line"), what);
            Http.Resp ndKey = raw("POST", "/v0/topics/u", NDJSON, bytes("{\"a\":1}\n{\"", seq, "\":1}"));
            assertEquals(2L, ndKey.at("error.detail.line"), what + " " + ndKey);
            Http.Resp ndOutside = raw("POST", "/v0/topics/u", NDJSON, bytes("1\n[1,", seq, "]"));
            assertEquals(2L, ndOutside.at("error.detail.line"), what + " " + ndOutside);
            Http.Resp atEnd = raw("POST", "/v0/topics/u", NDJSON, bytes("1\n2 ", seq));
            assertEquals(2L, atEnd.at("error.detail.line"), what + " " + atEnd);
            assertUUntouched(what);
        }
        // a truncated sequence as the very last bytes of a JSON body
        assertError(raw("POST", "/v0/topics/u", JSON, bytes(WRITE, hex(0xE2, 0x82))), 400, "invalid_request");
        assertUUntouched("truncated at the end");
    }

    private static String toHex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X ", x & 0xFF));
        }
        return s.toString().trim();
    }

    /** UTF-16 and UTF-32 bodies, with and without a byte-order mark, on every route that reads a body. */
    @ParameterizedTest
    @CsvSource({
        "PUT, /v0/topics/u, application/json, '{\"ttl_ms\":5}'",
        "POST, /v0/topics/u, application/json, '{\"records\":[{\"data\":1}]}'",
        "POST, /v0/topics/u/diff, application/json, '{\"from_seq\":0}'",
        "POST, /v0/topics/u/delete, application/json, '{\"before_seq\":9}'",
        "POST, /v0/topics/u, application/x-ndjson, '{\"a\":1}'"
    })
    void utf16AndUtf32BodiesAre400(String method, String path, String type, String json) {
        seedU();
        // the same body in UTF-8 is accepted; it may change "u", so start again after it
        assertEquals(200, raw(method, path, type, utf8(json)).status(), "UTF-8 works");
        assertEquals(200, delete("/v0/topics/u").status());
        seedU();
        for (String cs : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
            for (String bom : List.of("", "\uFEFF")) {
                byte[] body = (bom + json).getBytes(Charset.forName(cs));
                String what = cs + (bom.isEmpty() ? "" : " with BOM");
                Http.Resp r = raw(method, path, type, body);
                assertError(r, 400, "invalid_request");
                if (type.equals(NDJSON)) {
                    assertEquals(1L, r.at("error.detail.line"), what);
                }
                assertUUntouched(what);
            }
        }
    }

    /** (seqlog decision) One UTF-8 byte-order mark at the very start of a JSON or NDJSON body is skipped. */
    @Test
    void aUtf8ByteOrderMarkAtTheStartIsSkippedAndNowhereElse() {
        byte[] bom = hex(0xEF, 0xBB, 0xBF);
        Http.Resp created = raw("PUT", "/v0/topics/b", JSON, bytes(bom, "{\"ttl_ms\":60000}"));
        assertEquals(201, created.status(), created.toString());
        assertEquals(60_000L, created.at("config.ttl_ms"));
        Http.Resp w = raw("POST", "/v0/topics/b", JSON,
                bytes(bom, "{\"records\":[{\"data\":{\"k\":\"v\"},\"tag\":\"t\"}]}"));
        assertEquals(200, w.status(), w.toString());
        Http.Resp nd = raw("POST", "/v0/topics/b", NDJSON, bytes(bom, "{\"n\":2}\n"));
        assertEquals(200, nd.status(), nd.toString());
        Http.Resp d = raw("POST", "/v0/topics/b/diff", JSON, bytes(bom, "{\"include_tags\":true}"));
        assertEquals(200, d.status(), d.toString());
        assertEquals(Map.of("k", "v"), d.at("records.0.data"));
        assertEquals("t", d.at("records.0.$tag"));
        assertEquals(Map.of("n", 2L), d.at("records.1.data"));
        for (byte[] body : List.of(bytes(bom, bom, WRITE), bytes(" ", bom, WRITE),
                bytes("{\"records\":", bom, "[{\"data\":1}]}"))) {
            assertError(raw("POST", "/v0/topics/b", JSON, body), 400, "invalid_request");
        }
        assertError(raw("POST", "/v0/topics/b", NDJSON, bytes("1\n", bom, "2\n")), 400, "invalid_request");
        assertEquals(2L, head("b"));
        Http.Resp del = raw("POST", "/v0/topics/b/delete", JSON, bytes(bom, "{\"before_seq\":2}"));
        assertEquals(200, del.status(), del.toString());
        assertEquals(1L, del.at("deleted"));
    }

    /** Code points at every encoding-length boundary, U+FEFF inside a string, and U+10FFFF, round-trip exactly. */
    @Test
    void wellFormedBoundaryCodePointsAreAccepted() {
        String text = "\u007f\u0080\u07ff\u0800\ufeff\uffff" + new String(Character.toChars(0x10000))
                + new String(Character.toChars(0x10FFFF)) + "\ud7ff\ue000";
        Http.Resp w = post("/v0/topics/ok", "{\"records\":[{\"data\":\"" + text + "\",\"tag\":\"" + text
                + "\",\"meta\":{\"" + text + "\":\"" + text + "\"}}]}");
        assertEquals(201, w.status(), w.toString());
        Http.Resp nd = raw("POST", "/v0/topics/ok", NDJSON, utf8("{\"" + text + "\":\"" + text + "\"}\n"));
        assertEquals(200, nd.status(), nd.toString());
        Http.Resp d = post("/v0/topics/ok/diff", "{\"include_tags\":true}");
        assertEquals(text, d.at("records.0.data"));
        assertEquals(text, d.at("records.0.$tag"));
        assertEquals(Map.of(text, text), d.at("records.0.meta"));
        assertEquals(Map.of(text, text), d.at("records.1.data"));
        Http.Resp del = post("/v0/topics/ok/delete", "{\"match\":[\"tag\",\"Eq\",\"" + text + "\"]}");
        assertEquals(1L, del.at("deleted"), del.toString());
    }

    // ------------------------------------------------------------------------ 5. Transfer-Encoding

    @ParameterizedTest
    @ValueSource(strings = {"chunked, identity", "gzip, chunked", "identity", "gzip", "chunked,chunked", "chunked;x=1",
        "x-custom"})
    void anyTransferEncodingButChunkedIsRefusedBeforeRoutingAndAuthAndTheConnectionClosed(String te) {
        byte[] body = te.contains("chunked") ? chunked(WRITE) : utf8(WRITE);
        for (String target : List.of("POST /v0/topics/te HTTP/1.1\r\n" + AUTH, "POST /v0/topics/te HTTP/1.1",
                "POST /v0/nothing HTTP/1.1", "GET /v0/health HTTP/1.1")) {
            String resp = wire(target + "\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                    + te, body);
            assertEquals(400, RawHttp.status(resp), te + " " + target + " -> " + resp);
            assertEquals("close", RawHttp.header(resp, "Connection"), resp);
            assertEquals("invalid_request", JsonValue.at(JsonValue.parse(RawHttp.body(resp)), "error.code"), resp);
        }
        assertEquals(List.of(), topics());
    }

    /**
     * Undertow itself refuses, while parsing, a request that carries both Transfer-Encoding and
     * Content-Length, or Transfer-Encoding twice, and closes the connection; the listener gives that refusal
     * the error envelope. The API never sees these requests.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: chunked\r\nContent-Length: 25",
        "Content-Length: 25\r\nTransfer-Encoding: chunked", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked", "Transfer-Encoding: identity\r\nContent-Length: 24"})
    void undertowRefusesConflictingFramingHeadersItself(String headers) {
        String resp = wire("POST /v0/topics/te HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                + "\r\nContent-Type: application/json\r\n" + headers, chunked(WRITE));
        assertEquals(400, RawHttp.status(resp), resp);
        assertEquals("close", RawHttp.header(resp, "Connection"), resp);
        assertEquals("invalid_request", JsonValue.at(JsonValue.parse(RawHttp.body(resp)), "error.code"), resp);
        assertEquals(List.of(), topics());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "Chunked", "  CHUNKED  "})
    void exactlyOneChunkedCodingIsAccepted(String te) {
        String resp = wire("POST /v0/topics/te HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                + "\r\nContent-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: " + te,
                chunked(WRITE));
        assertEquals(201, RawHttp.status(resp), resp);
        assertEquals(1L, head("te"));
    }

    // ------------------------------------------------------------------------ 6. Expect: 100-continue

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
        StringBuilder json = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 8; i++) {
            json.append(i == 0 ? "" : ",").append("{\"data\":\"").append("x".repeat(200_000)).append("\"}");
        }
        byte[] body = utf8(json.append("]}").toString());
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(2_000); // curl waits about a second before sending the body anyway
            OutputStream out = s.getOutputStream();
            out.write(("POST /v0/topics/ex HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String interim = readHead(in);
            assertTrue(interim.startsWith("HTTP/1.1 100 "), interim);
            out.write(body);
            out.flush();
            s.setSoTimeout(30_000);
            String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(201, RawHttp.status(rest), rest);
        }
        assertEquals(8L, head("ex"));
    }

    /** Reads one response head, through its blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
