package dev.seqlog.server.http;

import dev.seqlog.testsupport.LogCapture;
import dev.seqlog.testsupport.LogEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SEQLOG_ACCESS_LOG on: one line per completed request, streams included, never the query or a token. */
class AccessLogTest extends ServerTest {
    static final String ACCESS = "seqlog.access";
    private static final String ADMIN = "adm1n-secret";
    private static final String READER = "read3r-secret";

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", ADMIN + "::, " + READER + ":read", "SEQLOG_ACCESS_LOG", "1");
    }

    @Test
    void eachCompletedRequestIsOneLineWithTheDocumentedFields(LogCapture logs) {
        logs.watch(ACCESS);
        Instant before = Instant.now();
        assertEquals(201, raw("PUT", "/v0/topics/orders", JSON, utf8("{}"), "Authorization", "Bearer " + ADMIN)
                .status());
        assertEquals(404, get("/v0/nowhere?token=" + ADMIN).status());
        assertEquals(401, get("/v0/topics/orders").status());
        Http.Resp w = raw("POST", "/v0/watch", JSON, utf8("{\"topics\":{\"orders\":{}},\"heartbeat_ms\":1000}"),
                "Authorization", "Bearer " + READER);
        assertEquals(200, w.status(), w.toString());
        String wid = (String) w.at("wid");
        try (SseClient s = SseClient.open(server.port(), "/v0/watch/" + wid + "?token=" + READER)) {
            assertEquals(200, s.status, s.errorBody);
            s.next(Duration.ofSeconds(10), true);
        }

        // the stream's line comes when the server sees it end
        await().atMost(Duration.ofSeconds(30)).until(() -> logs.events(ACCESS).size() >= 5);
        List<LogEvent> events = logs.events(ACCESS);
        assertEquals(5, events.size(), events.toString());
        List<String[]> lines = events.stream().map(e -> {
            assertEquals(Level.INFO, e.level());
            assertFalse(e.message().contains("secret"), e.message());
            assertFalse(e.message().contains("token"), e.message());
            assertFalse(e.message().contains("?"), e.message());
            String[] f = e.message().split(" ");
            assertEquals(9, f.length, e.message());
            Instant t = Instant.parse(f[0]);
            assertFalse(t.isBefore(before.minusSeconds(1)), e.message());
            assertTrue(f[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), e.message());
            assertEquals("127.0.0.1", f[1], e.message());
            assertTrue(f[7].matches("\\d+\\.\\d{3}"), e.message());
            return f;
        }).toList();
        assertFields(lines.get(0), "PUT", "/v0/topics/orders", "/v0/topics/:topic", "201", "0");
        assertFields(lines.get(1), "GET", "/v0/nowhere", "unmatched", "404", "-");
        assertFields(lines.get(2), "GET", "/v0/topics/orders", "/v0/topics/:topic", "401", "-");
        assertFields(lines.get(3), "POST", "/v0/watch", "/v0/watch", "200", "1");
        assertFields(lines.get(4), "GET", "/v0/watch/" + wid, "/v0/watch/:wid", "200", "1");
        for (String[] f : lines) {
            assertTrue(Long.parseLong(f[6]) > 0, "every answer here has a body: " + String.join(" ", f));
        }
    }

    @Test
    void clientBytesThatCouldSplitALineAreEncoded() {
        assertEquals("/a%20b%0Ac%C3%A9%41",
                AccessLog.field(new StringBuilder(), "/a b\nc\u00e9%41").toString());
        assertEquals("-", AccessLog.field(new StringBuilder(), "").toString());
    }

    private static void assertFields(String[] f, String method, String path, String route, String status,
            String key) {
        String line = String.join(" ", f);
        assertEquals(method, f[2], line);
        assertEquals(path, f[3], line);
        assertEquals(route, f[4], line);
        assertEquals(status, f[5], line);
        assertEquals(key, f[8], line);
    }
}
