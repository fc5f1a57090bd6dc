package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing, error envelope, compression, probes, metrics and draining. */
class ProtocolTest extends ServerTest {
    @ParameterizedTest
    @CsvSource({
        "GET, /index.html", "GET, /v0", "GET, /v0/topics/", "GET, /console/a/b", "GET, /consoles", "GET, /v1/topics", "GET, /v0/topics/a/diff/x", "GET, /v0/routers/",
        "PUT, /v0/routers/r/x", "GET, /v0/watch/abc/x",
        "GET, /v0/admin/backups", "GET, /healthz/", "GET, /v0/topics//diff"
    })
    void unknownRoutesAre404(String method, String path) {
        Http.Resp r = raw(method, path, null, null);
        assertEquals(404, r.status(), r.toString());
        assertEquals("not_found", r.code());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /v0/topics, GET", "DELETE, /v0/topics/x/diff, POST", "GET, /v0/topics/x/delete, POST",
        "PATCH, /v0/topics/x, 'PUT, GET, DELETE, POST'", "POST, /v0/health, GET", "PUT, /v0/metrics, GET",
        "POST, /v0/topics/x/records, GET", "HEAD, /v0/topics, GET", "GET, /v0/topics/x/claim, POST",
        "PUT, /v0/topics/x/ack, POST", "GET, /v0/topics/x/nack, POST", "DELETE, /v0/topics/x/extend, POST",
        "POST, /v0/topics/x/work, GET", "POST, /v0/routers, GET", "POST, /v0/routers/r, 'PUT, GET, DELETE'"
    })
    void wrongMethodsAre405WithAllow(String method, String path, String allow) {
        Http.Resp r = raw(method, path, null, null);
        assertEquals(405, r.status(), r.toString());
        assertEquals(allow, r.header("Allow"));
        if (!method.equals("HEAD")) {
            assertEquals("method_not_allowed", r.code());
            assertEquals(List.of(allow.split(", ")), r.at("error.detail.allow"));
        }
    }

    @Test
    void errorEnvelopeShape() {
        Http.Resp r = get("/v0/topics/missing");
        Map<?, ?> body = (Map<?, ?>) r.json();
        assertEquals(List.of("error", "performance"), List.copyOf(body.keySet()));
        assertEquals(List.of("code", "message", "detail"), List.copyOf(((Map<?, ?>) body.get("error")).keySet()));
    }

    @Test
    void malformedQueryEscapesAre400() {
        put("/v0/topics/q", "{}");
        String resp = RawHttp.send(server.port(), "GET /v0/topics?cursor=%zz HTTP/1.1", null);
        assertEquals(400, RawHttp.status(resp), resp);
        assertTrue(resp.contains("invalid_request"));
        String plus = RawHttp.send(server.port(), "GET /v0/topics?prefix=q+x HTTP/1.1", null);
        assertEquals(200, RawHttp.status(plus), plus);
    }

    @Test
    void responsesAreGzippedOnRequest() throws IOException {
        put("/v0/topics/z", "{}");
        Http.Resp r = get("/v0/topics/z", "Accept-Encoding", "gzip, deflate");
        assertEquals("gzip", r.header("Content-Encoding"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("{\"topic\":\"z\""), text);
        }
        assertNull(get("/v0/topics/z", "Accept-Encoding", "gzip;q=0").header("Content-Encoding"));
        assertNull(get("/v0/topics/z").header("Content-Encoding"));
        Http.Resp err = get("/v0/topics/none", "Accept-Encoding", "gzip");
        assertEquals(404, err.status());
        assertEquals("gzip", err.header("Content-Encoding"));
    }

    @Test
    void healthAndReadiness() {
        for (String path : List.of("/v0/health", "/healthz")) {
            Http.Resp h = get(path);
            assertEquals(200, h.status());
            assertEquals("ok", h.at("status"));
            assertNotNull(h.at("version"));
            assertNotNull(h.at("uptime_ms"));
            assertNull(h.at("performance"));
        }
        put("/v0/topics/one", "{}");
        for (String path : List.of("/v0/ready", "/readyz")) {
            Http.Resp r = get(path);
            assertEquals(200, r.status());
            assertEquals("ready", r.at("status"));
            assertEquals(true, r.at("wal_replay_complete"));
            assertEquals(1L, r.at("topics"));
            assertNull(r.at("performance"));
        }
    }

    @Test
    void metricsAsPrometheusTextAndJson() {
        put("/v0/topics/m", "{\"durable\":true}");
        append("m", "1", "22");
        Http.Resp text = get("/v0/metrics");
        assertEquals(200, text.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", text.header("Content-Type"));
        String t = text.text();
        for (String line : List.of("seqlog_topics 1", "seqlog_records_live 2", "seqlog_bytes_live 3", "seqlog_ready 1",
                "seqlog_topics_by_class{class=\"fsync\"} 1", "seqlog_topic_head_seq{topic=\"m\"} 2",
                "seqlog_topic_earliest_seq{topic=\"m\"} 1", "seqlog_topic_records_live{topic=\"m\"} 2",
                "seqlog_topic_bytes_live{topic=\"m\"} 3", "seqlog_wal_fsyncs_total 0",
                "seqlog_wal_fsync_latency_us_bucket{le=\"+Inf\"} 0", "seqlog_topic_metrics_truncated 0")) {
            assertTrue(t.contains(line + "\n"), line + " in\n" + t);
        }
        Http.Resp json = get("/v0/metrics", "Accept", "application/json");
        assertEquals("application/json; charset=utf-8", json.header("Content-Type"));
        assertEquals(1L, json.at("gauges.seqlog_topics"));
        assertEquals(1L, json.at("labelled.seqlog_topics_by_class.fsync"));
        assertEquals(0L, json.at("counters.seqlog_wal_frames_total"));
        assertEquals(0L, json.at("histograms.seqlog_wal_fsync_latency_us.buckets.+Inf"));
        assertEquals(2L, json.at("topics.m.head_seq"));
        assertEquals(false, json.at("topic_metrics_truncated"));
    }

    @Test
    void drainingAnswers503ButKeepsProbesAndMetrics() {
        put("/v0/topics/dr", "{}");
        server.state().startDraining();
        Http.Resp r = get("/v0/topics/dr");
        assertEquals(503, r.status());
        assertEquals("shutting_down", r.code());
        assertEquals("1", r.header("Retry-After"));
        Http.Resp ready = get("/readyz");
        assertEquals(503, ready.status());
        assertEquals("shutting_down", ready.code());
        assertEquals("1", ready.header("Retry-After"));
        assertEquals(200, get("/v0/health").status());
        assertEquals(200, get("/v0/metrics").status());
        assertEquals(404, get("/v0/nothing").status());
        assertEquals(405, raw("PATCH", "/v0/topics/dr", null, null).status());
    }
}
