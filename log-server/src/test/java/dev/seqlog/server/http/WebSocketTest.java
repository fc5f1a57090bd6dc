package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket data plane (API §9) over a real connection. */
class WebSocketTest extends ServerTest {

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::, ro:read, wo:write:t", "SEQLOG_MAX_BODY_BYTES", "4096", "SEQLOG_MAX_RECORD_BYTES", "2048");
    }

    private WsClient ops() {
        return WsClient.connect(base, null, "Authorization", "Bearer ops");
    }

    @Test
    void publishAndSubscribeShareTheHttpPaths() throws Exception {
        try (WsClient c = ops()) {
            c.send("{\"op\":\"publish\",\"request_id\":{\"n\":[1]},\"topic\":\"t\",\"records\":[{\"data\":{\"p\":1}},{\"data\":2}]}");
            Map<?, ?> ack = (Map<?, ?>) c.next();
            assertEquals("ack", ack.get("op"));
            assertEquals(Map.of("n", List.of(1L)), ack.get("request_id"), "request_id is echoed verbatim");
            assertEquals(List.of(1L, 2L), ack.get("seqs"), "return_seqs defaults to true");
            assertEquals(true, ack.get("created"));
            assertNotNull(((Map<?, ?>) ack.get("performance")).get("fsync_ms"));
            c.send("{\"op\":\"subscribe\",\"request_id\":\"s1\",\"topic\":\"t\",\"from_seq\":1}");
            Map<?, ?> sub = (Map<?, ?>) c.next();
            assertEquals("subscribed", sub.get("op"));
            assertEquals(Map.of("t", Map.of("from_seq", 1L, "head_seq", 2L, "earliest_seq", 1L)), sub.get("topics"));
            Map<?, ?> rec = (Map<?, ?>) c.next();
            assertEquals("record", rec.get("op"));
            assertEquals(1L, rec.get("from_seq"));
            assertEquals(2L, rec.get("to_seq"));
            assertEquals(List.of(Map.of("$seq", 2L, "$ts", ((Map<?, ?>) ((List<?>) rec.get("records")).get(0)).get("$ts"),
                    "data", 2L)), rec.get("records"));
            assertEquals(Map.of("op", "caught_up", "topic", "t", "head_seq", 2L), c.next());
            c.send("{\"op\":\"publish\",\"topic\":\"t\",\"return_seqs\":false,\"records\":[{\"data\":3}]}");
            Map<?, ?> ack2 = null;
            Map<?, ?> rec2 = null;
            for (int i = 0; i < 2; i++) {
                Map<?, ?> m = (Map<?, ?>) c.next();
                if ("ack".equals(m.get("op"))) {
                    ack2 = m;
                } else {
                    rec2 = m;
                }
            }
            assertNotNull(ack2);
            assertNull(ack2.get("seqs"));
            assertNull(ack2.get("request_id"), "a command without request_id gets none back");
            assertEquals(3L, rec2.get("to_seq"));
            c.send("{\"op\":\"unsubscribe\",\"request_id\":\"u\",\"topics\":[\"t\",\"unknown\"]}");
            assertEquals(Map.of("op", "unsubscribed", "request_id", "u", "topics", List.of("t", "unknown")), c.next());
            c.send("{\"op\":\"publish\",\"topic\":\"t\",\"records\":[{\"data\":4}]}");
            assertEquals("ack", c.next("op"));
            c.send("{\"op\":\"ping\",\"request_id\":7}");
            assertEquals(Map.of("op", "pong", "request_id", 7L), c.next(), "no record after unsubscribing");
        }
    }

    @Test
    void tombstonesAndDeletionsAreDelivered() {
        try (WsClient c = ops()) {
            assertEquals(201, raw("PUT", "/v0/topics/t", JSON, utf8("{\"cap_records\":2}"), "Authorization", "Bearer ops").status());
            for (int i = 0; i < 5; i++) {
                raw("POST", "/v0/topics/t", JSON, utf8("{\"records\":[{\"data\":1}]}"), "Authorization", "Bearer ops");
            }
            c.send("{\"op\":\"subscribe\",\"topics\":{\"t\":{\"from_seq\":0}}}");
            assertEquals("subscribed", c.next("op"));
            Map<?, ?> t = (Map<?, ?>) c.next();
            assertEquals("tombstone", t.get("op"));
            assertEquals("from_seq_too_old", t.get("reason"));
            assertEquals(3L, t.get("gap_to"));
            assertEquals("record", c.next("op"));
            assertEquals("caught_up", c.next("op"));
            raw("DELETE", "/v0/topics/t", null, null, "Authorization", "Bearer ops");
            assertEquals(Map.of("op", "topic_deleted", "topic", "t", "head_seq", 5L, "reason", "deleted"), c.next());
        }
    }

    @Test
    void badMessagesGetErrorsAndTheConnectionStaysOpen() {
        try (WsClient c = ops()) {
            c.send("{not json");
            Map<?, ?> e1 = (Map<?, ?>) c.next();
            assertEquals("error", e1.get("op"));
            assertEquals("invalid_request", e1.get("code"));
            c.send("{\"op\":\"fly\",\"request_id\":\"x\"}");
            Map<?, ?> e2 = (Map<?, ?>) c.next();
            assertEquals("invalid_request", e2.get("code"));
            assertEquals("x", e2.get("request_id"));
            c.send("{\"request_id\":1}");
            assertEquals(1L, c.next("request_id"), "a missing op still echoes the request_id");
            c.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            assertEquals("unsupported_message", c.next("code"));
            c.send("{\"op\":\"subscribe\",\"request_id\":\"s\",\"topics\":{\"missing\":{}}}");
            Map<?, ?> nf = (Map<?, ?>) c.next();
            assertEquals("topic_not_found", nf.get("code"));
            c.send("{\"op\":\"subscribe\",\"request_id\":\"s\",\"topics\":{\"missing\":{}},\"lenient\":true}");
            assertEquals(Map.of("op", "subscribed", "request_id", "s", "topics", Map.of()), c.next());
            c.send("{\"op\":\"ping\"}");
            assertEquals("pong", c.next("op"));
            c.ws.sendPing(ByteBuffer.wrap(utf8("hi"))).join();
            ByteBuffer pong = assertDoesNotTimeOut(c);
            assertEquals("hi", StandardCharsets.UTF_8.decode(pong).toString());
        }
    }

    private static ByteBuffer assertDoesNotTimeOut(WsClient c) {
        try {
            ByteBuffer b = c.pongs.poll(10, TimeUnit.SECONDS);
            assertNotNull(b, "protocol ping answered with pong");
            return b;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMessageOverTheBodyLimitClosesWith1009() throws Exception {
        try (WsClient c = ops()) {
            c.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertEquals(1009, c.closed.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void scopesAndTheAllowlistApplyPerCommand() {
        try (WsClient ro = WsClient.connect(base, "?token=ro")) {
            ro.send("{\"op\":\"publish\",\"request_id\":1,\"topic\":\"t\",\"records\":[{\"data\":1}]}");
            Map<?, ?> e = (Map<?, ?>) ro.next();
            assertEquals("forbidden", e.get("code"));
            assertEquals(Map.of("required_scope", "write"), e.get("detail"));
        }
        try (WsClient wo = WsClient.connect(base, null, "Authorization", "Bearer wo")) {
            wo.send("{\"op\":\"subscribe\",\"topic\":\"t\"}");
            assertEquals("forbidden", wo.next("code"));
            wo.send("{\"op\":\"publish\",\"topic\":\"u\",\"records\":[{\"data\":1}]}");
            assertEquals("u", wo.next("detail.name"));
            wo.send("{\"op\":\"publish\",\"topic\":\"t\",\"config\":{\"cap_records\":5},\"records\":[{\"data\":1}]}");
            assertEquals("admin", wo.next("detail.required_scope"), "config that creates the topic needs admin");
        }
    }

    @Test
    void theUpgradeNeedsAValidKey() {
        CompletionException none = assertThrows(CompletionException.class, () -> WsClient.connect(base, null));
        assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, none.getCause()).getResponse().statusCode());
        CompletionException bad = assertThrows(CompletionException.class, () -> WsClient.connect(base, "?token=nope"));
        assertEquals(401, ((WebSocketHandshakeException) bad.getCause()).getResponse().statusCode());
        Http.Resp plain = get("/v0/ws", "Authorization", "Bearer ops");
        assertEquals(400, plain.status(), "a GET without an upgrade is refused");
        assertTrue(plain.toString().contains("WebSocket"));
    }

    @Test
    void shutdownSendsShuttingDownAndCloses1001() throws Exception {
        WsClient c = ops();
        Thread closer = new Thread(server::close);
        closer.start();
        assertEquals("shutting_down", c.next("code"));
        assertEquals(1001, c.closed.get(15, TimeUnit.SECONDS));
        closer.join(20_000);
    }
}
