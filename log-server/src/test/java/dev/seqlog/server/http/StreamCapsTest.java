package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caps on watch sessions and long-lived connections (API §12.2), and their release on every end. */
class StreamCapsTest extends ServerTest {

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "a::, b::", "SEQLOG_MAX_WATCH_SESSIONS", "3",
                "SEQLOG_MAX_SSE_CONNECTIONS", "3", "SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY", "2");
    }

    private String watch(String key) {
        Http.Resp r = raw("POST", "/v0/watch", JSON, utf8("{\"topics\":{\"t\":{}},\"heartbeat_ms\":1000}"),
                "Authorization", "Bearer " + key);
        assertEquals(200, r.status(), r.toString());
        return (String) r.at("wid");
    }

    private SseClient open(String wid, String key) {
        return SseClient.open(server.port(), "/v0/watch/" + wid, "Authorization: Bearer " + key);
    }

    @Test
    void sessionsAreCapped() {
        raw("PUT", "/v0/topics/t", JSON, utf8("{}"), "Authorization", "Bearer a");
        watch("a");
        watch("a");
        watch("b");
        Http.Resp r = raw("POST", "/v0/watch", JSON, utf8("{\"topics\":{\"t\":{}}}"), "Authorization", "Bearer a");
        assertEquals(429, r.status());
        assertEquals("max_watch_sessions", r.at("error.detail.limit"));
        assertEquals(3L, r.num("error.detail.max"));
        assertEquals("1", r.header("Retry-After"));
    }

    @Test
    void connectionsAreCappedPerKeyAndInTotalAndReleasedOnEveryEnd() {
        raw("PUT", "/v0/topics/t", JSON, utf8("{}"), "Authorization", "Bearer a");
        String a1 = watch("a");
        String a2 = watch("a");
        String b1 = watch("b");
        SseClient s1 = open(a1, "a");
        SseClient s2 = open(a2, "a");
        assertEquals(200, s1.status);
        assertEquals(200, s2.status);
        SseClient s3 = open(a1, "a");
        assertEquals(429, s3.status, "a takeover still needs a free slot");
        assertTrue(s3.errorBody.contains("max_sse_connections_per_key"), s3.errorBody);
        SseClient s4 = open(b1, "b");
        assertEquals(200, s4.status);
        SseClient wsRefused = SseClient.open(server.port(), "/v0/ws?token=b", "Connection: Upgrade", "Upgrade: websocket",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals(429, wsRefused.status, "the WebSocket counts against the same caps");
        assertTrue(wsRefused.errorBody.contains("max_sse_connections\""), wsRefused.errorBody);
        s1.close(); // the client goes away: the slot returns once the server notices (the next heartbeat write)
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            SseClient again = open(b1, "b");
            again.close();
            return again.status == 200;
        });
        s2.close();
        s4.close();
    }
}
