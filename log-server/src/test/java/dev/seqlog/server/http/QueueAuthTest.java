package dev.seqlog.server.http;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Authorization of the queue routes (API §1.4, §10): claim and {@code /work} need read and write, ack, nack and
 * extend need write, the path name must pass the key's allowlist, and {@code /work} counts against the
 * connection caps like a watch stream.
 */
class QueueAuthTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::, rw:read+write, w:write, r:read, t42:rw:tenant42:",
                "SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY", "1");
    }

    @BeforeEach
    void queues() {
        for (String q : new String[] {"q", "tenant42:q"}) {
            Http.Resp r = raw("PUT", "/v0/topics/" + q, JSON, utf8("{\"type\":\"queue\"}"), "Authorization", "Bearer ops");
            assertEquals(201, r.status(), r.toString());
        }
    }

    Http.Resp as(String key, String path, String body) {
        return raw("POST", path, JSON, utf8(body), "Authorization", "Bearer " + key);
    }

    @Test
    void aClaimNeedsReadAndWrite() {
        String body = "{\"node\":\"w\"}";
        for (String key : new String[] {"w", "r"}) {
            Http.Resp r = as(key, "/v0/topics/q/claim", body);
            assertEquals(403, r.status(), key + ": " + r);
            assertEquals("forbidden", r.code());
            assertEquals("read+write", r.at("error.detail.required_scope"));
        }
        assertEquals(200, as("rw", "/v0/topics/q/claim", body).status());
        Http.Resp none = raw("POST", "/v0/topics/q/claim", JSON, utf8(body));
        assertEquals(401, none.status());
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        assertEquals(403, as("w", "/v0/topics/q/claim", "{not json").status(), "scope is checked before the body");
    }

    @Test
    void ackNackAndExtendNeedWrite() {
        String body = "{\"node\":\"w\",\"seqs\":[1],\"lease_ms\":1000}";
        for (String op : new String[] {"ack", "nack", "extend"}) {
            Http.Resp r = as("r", "/v0/topics/q/" + op, body);
            assertEquals(403, r.status(), op + ": " + r);
            assertEquals("write", r.at("error.detail.required_scope"));
            assertEquals(200, as("w", "/v0/topics/q/" + op, body).status(), op);
        }
    }

    @Test
    void thePathNameMustPassTheAllowlistWhetherOrNotTheTopicExists() {
        assertEquals(200, as("t42", "/v0/topics/tenant42:q/claim", "{\"node\":\"w\"}").status());
        for (String topic : new String[] {"q", "nope"}) {
            Http.Resp r = as("t42", "/v0/topics/" + topic + "/ack", "{\"node\":\"w\",\"seqs\":[1]}");
            assertEquals(403, r.status(), r.toString());
            assertEquals(topic, r.at("error.detail.name"));
        }
    }

    int status(String path, String... headers) {
        try (SseClient c = SseClient.open(server.port(), path, headers)) {
            return c.status;
        }
    }

    @Test
    void workStreamsAuthenticateByHeaderOrTokenAndNeedReadWrite() {
        assertEquals(401, status("/v0/topics/q/work?node=w"));
        assertEquals(401, status("/v0/topics/q/work?node=w&token=nope"));
        assertEquals(403, status("/v0/topics/q/work?node=w&token=w"));
        assertEquals(403, status("/v0/topics/q/work?node=w", "Authorization: Bearer r"));
        try (SseClient c = SseClient.open(server.port(), "/v0/topics/q/work?node=w&token=t42")) {
            assertEquals(403, c.status);
            assertEquals("q", JsonValue.at(JsonValue.parse(c.errorBody), "error.detail.name"));
        }
        try (SseClient c = SseClient.open(server.port(), "/v0/topics/tenant42:q/work?node=w", "Authorization: Bearer t42")) {
            assertEquals(200, c.status, c.errorBody);
        }
        try (SseClient first = SseClient.open(server.port(), "/v0/topics/q/work?node=w&token=rw")) {
            assertEquals(200, first.status, first.errorBody);
            try (SseClient second = SseClient.open(server.port(), "/v0/topics/q/work?node=w2", "Authorization: Bearer rw")) {
                assertEquals(429, second.status);
                assertEquals("max_sse_connections_per_key",
                        JsonValue.at(JsonValue.parse(second.errorBody), "error.detail.limit"));
                assertEquals("1", second.headers.get("retry-after"));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (SseClient again = SseClient.open(server.port(), "/v0/topics/q/work?node=w&token=rw")) {
                return again.status == 200;
            }
        });
    }
}
