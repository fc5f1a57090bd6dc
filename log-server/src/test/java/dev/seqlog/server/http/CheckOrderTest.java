package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The first failing check of API §1.2 decides the response. */
class CheckOrderTest extends ServerTest {
    private static final String RO = "Bearer ro";
    private static final String OPS = "Bearer ops";

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::,ro:read:ok,w:w:ok", "SEQLOG_MAX_INFLIGHT_PER_KEY", "1",
                "SEQLOG_MAX_BODY_BYTES", "100", "SEQLOG_MAX_RECORD_BYTES", "50");
    }

    private Http.Resp req(String method, String path, String type, String body, String auth) {
        return raw(method, path, type, body == null ? null : utf8(body), "Authorization", auth);
    }

    @Test
    void orderOfChecks() throws Exception {
        String huge = "x".repeat(200);
        // 1 route beats everything
        assertEquals(404, req("POST", "/v0/nope", "text/plain", huge, "Bearer bad").status());
        assertEquals(405, req("PATCH", "/v0/topics/x", "text/plain", huge, "Bearer bad").status());
        // 2 draining beats auth (checked last, below)
        // 3 authentication beats scope, size, type and parse
        assertEquals(401, req("PUT", "/v0/topics/x", "text/plain", huge, "Bearer bad").status());
        // 4 scope, then the path name
        assertEquals(403, req("PUT", "/v0/topics/ok", "text/plain", huge, RO).status());
        Http.Resp name = req("GET", "/v0/topics/other", null, null, RO);
        assertEquals("other", name.at("error.detail.name"));
        // 6 size beats type and parse
        assertEquals(413, req("POST", "/v0/topics/ok", "text/plain", huge, "Bearer w").status());
        // 7 type beats parse
        assertEquals(415, req("POST", "/v0/topics/ok", "text/plain", "{bad", "Bearer w").status());
        // 8 parse and names beat existence
        assertEquals(400, req("POST", "/v0/topics/ok", "application/json", "{bad", "Bearer w").status());
        assertEquals(400, req("PUT", "/v0/topics/-x", "application/json", "{}", OPS).status());
        // 9 body authorization beats existence
        Http.Resp body = req("POST", "/v0/topics/ok", "application/json",
                "{\"records\":[{\"data\":1}],\"config\":{}}", "Bearer w");
        assertEquals(403, body.status());
        // 10 existence
        assertEquals(404, req("POST", "/v0/topics/ok/diff", "application/json", "{}", RO).status());

        // 5 in-flight cap beats size and parse
        req("PUT", "/v0/topics/ok", null, null, OPS);
        CompletableFuture<Http.Resp> parked = Http.sendAsync(base, "POST", "/v0/topics/ok/diff", JSON,
                utf8("{\"wait_ms\":20000}"), headers("Authorization", RO));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.state().parkedPolls() == 1);
        assertEquals(429, req("POST", "/v0/topics/ok/diff", "text/plain", huge, RO).status());
        assertEquals(403, req("POST", "/v0/topics/other/diff", "text/plain", huge, RO).status());

        // 2 draining beats authentication; the parked poll is answered
        server.state().startDraining();
        assertEquals(503, req("PUT", "/v0/topics/x", "text/plain", huge, "Bearer bad").status());
        assertEquals(200, parked.get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void probeAuthIsOffByDefaultButMetricsNeedRead() {
        assertEquals(200, get("/healthz").status());
        assertEquals(401, get("/v0/metrics").status());
        assertEquals(403, get("/v0/metrics", "Authorization", "Bearer w").status());
    }
}
