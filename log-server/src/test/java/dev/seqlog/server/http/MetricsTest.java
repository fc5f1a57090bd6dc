package dev.seqlog.server.http;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v0/metrics} (API §11.3): every required series is present with HELP and TYPE, each one is driven
 * away from zero by real traffic, and the JSON snapshot agrees with the text. ({@code seqlog_sse_connections} is
 * driven by {@link WatchSseTest}.)
 */
class MetricsTest extends ServerTest {
    static final List<String> REQUIRED = List.of("seqlog_topics", "seqlog_topics_by_class", "seqlog_routers",
            "seqlog_records_live", "seqlog_bytes_live", "seqlog_queue_topics", "seqlog_queue_leases_in_flight",
            "seqlog_sse_connections", "seqlog_watch_sessions", "seqlog_ready", "seqlog_recovery_progress",
            "seqlog_uptime_ms", "seqlog_topic_head_seq", "seqlog_topic_earliest_seq", "seqlog_topic_records_live",
            "seqlog_topic_bytes_live", "seqlog_topic_queue_ready", "seqlog_topic_queue_in_flight",
            "seqlog_topic_metrics_truncated", "seqlog_wal_frames_total", "seqlog_wal_batches_total",
            "seqlog_wal_fsyncs_total", "seqlog_wal_bytes_written_total", "seqlog_wal_rotations_total",
            "seqlog_wal_queue_depth", "seqlog_wal_queue_depth_peak", "seqlog_wal_submit_full_total",
            "seqlog_wal_read_only", "seqlog_wal_fsync_latency_us");

    /** Sample lines by series and labels as written, e.g. {@code seqlog_topic_head_seq{topic="a"}}. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                int sp = line.lastIndexOf(' ');
                out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
            }
        }
        return out;
    }

    Map<String, Double> scrape() {
        Http.Resp r = get("/v0/metrics");
        assertEquals(200, r.status());
        return samples(r.text());
    }

    @Test
    void everySeriesHasHelpAndTypeBeforeItsSamplesAndTheRequiredSetIsThere() {
        assertEquals(201, put("/v0/topics/q", "{\"type\":\"queue\"}").status());
        assertEquals(200, get("/v0/topics/q").status());
        String text = get("/v0/metrics").text();
        Set<String> help = new HashSet<>();
        Map<String, String> type = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String name = line.split(" ")[2];
                assertTrue(help.add(name), "HELP twice: " + name);
                assertTrue(line.length() > ("# HELP " + name + " ").length(), line);
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertTrue(help.contains(p[2]), "TYPE before HELP: " + line);
                assertTrue(Set.of("gauge", "counter", "histogram", "summary").contains(p[3]), line);
                type.put(p[2], p[3]);
            } else {
                String name = line.split("[{ ]")[0];
                String family = type.containsKey(name) ? name : name.replaceAll("_(bucket|sum|count)$", "");
                assertTrue(type.containsKey(family), "sample without HELP/TYPE: " + line);
            }
        }
        for (String name : REQUIRED) {
            assertTrue(type.containsKey(name), "missing " + name);
        }
        assertEquals("histogram", type.get("seqlog_wal_fsync_latency_us"));
        assertEquals("counter", type.get("seqlog_wal_submit_full_total"));
        assertEquals("summary", type.get("seqlog_http_request_duration_us"));
    }

    @Test
    void engineAndServerGaugesFollowTopicsQueuesRoutersAndSessions() {
        assertEquals(201, put("/v0/topics/a", "{\"durability\":\"memory\"}").status());
        assertEquals(201, put("/v0/topics/b", "{}").status());
        assertEquals(201, put("/v0/topics/q", "{\"type\":\"queue\"}").status());
        assertEquals(201, put("/v0/routers/a-%3Eb", "{\"source\":\"a\",\"dest\":\"b\"}").status());
        assertEquals(200, post("/v0/topics/a", "{\"records\":[{\"data\":1},{\"data\":2},{\"data\":3}]}").status());
        assertEquals(200, post("/v0/topics/q", "{\"records\":[{\"data\":\"j1\"},{\"data\":\"j2\"}]}").status());
        assertEquals(200, post("/v0/topics/q/claim", "{\"node\":\"w\",\"max\":1}").status());
        assertEquals(200, post("/v0/watch", "{\"topics\":{\"a\":{\"tail\":true}}}").status());
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().get("seqlog_topic_records_live{topic=\"b\"}") >= 3);

        Map<String, Double> m = scrape();
        assertEquals(3.0, m.get("seqlog_topics"));
        assertEquals(1.0, m.get("seqlog_topics_by_class{class=\"memory\"}"));
        assertEquals(1.0, m.get("seqlog_routers"));
        assertTrue(m.get("seqlog_records_live") >= 8, m.toString()); // 3 + 3 copied + 2 jobs
        assertTrue(m.get("seqlog_bytes_live") > 0);
        assertEquals(1.0, m.get("seqlog_queue_topics"));
        assertEquals(1.0, m.get("seqlog_queue_leases_in_flight"));
        assertEquals(1.0, m.get("seqlog_watch_sessions"));
        assertEquals(1.0, m.get("seqlog_ready"));
        assertEquals(1.0, m.get("seqlog_recovery_progress"));
        assertTrue(m.get("seqlog_uptime_ms") > 0);
        assertEquals(3.0, m.get("seqlog_topic_head_seq{topic=\"a\"}"));
        assertEquals(1.0, m.get("seqlog_topic_earliest_seq{topic=\"a\"}"));
        assertEquals(3.0, m.get("seqlog_topic_records_live{topic=\"a\"}"));
        assertTrue(m.get("seqlog_topic_bytes_live{topic=\"a\"}") > 0);
        assertEquals(1.0, m.get("seqlog_topic_queue_ready{topic=\"q\"}"));
        assertEquals(1.0, m.get("seqlog_topic_queue_in_flight{topic=\"q\"}"));
        assertEquals(null, m.get("seqlog_topic_queue_ready{topic=\"a\"}"), "queue series are for queue topics only");
        assertEquals(0.0, m.get("seqlog_topic_metrics_truncated"));

        Http.Resp json = get("/v0/metrics", "Accept", "application/json");
        assertEquals(3L, json.num("gauges.seqlog_topics"));
        assertEquals(1L, json.num("gauges.seqlog_queue_leases_in_flight"));
        assertEquals(1L, ((Number) ((Map<?, ?>) json.at("labelled.seqlog_topics_by_class")).get("memory")).longValue());
        assertEquals(3L, json.num("topics.a.head_seq"));
        assertEquals(1L, json.num("topics.q.queue_in_flight"));
        assertEquals(0L, json.num("counters.seqlog_wal_fsyncs_total"), "the in-memory engine has no log");
    }

    @Test
    void httpRequestsAreCountedByRouteTemplateAndStatusWithLatency() {
        assertEquals(201, put("/v0/topics/a", "{}").status());
        assertEquals(404, get("/v0/topics/missing").status());
        assertEquals(404, get("/no/such/path").status());
        assertEquals(404, Http.send(base, "BREW", "/no/such/path", null, null, Map.of()).status());
        Map<String, Double> m = scrape();
        assertEquals(1.0, m.get("seqlog_http_requests_total{method=\"PUT\",route=\"/v0/topics/:topic\",code=\"201\"}"));
        assertEquals(1.0, m.get("seqlog_http_requests_total{method=\"GET\",route=\"/v0/topics/:topic\",code=\"404\"}"));
        assertEquals(1.0, m.get("seqlog_http_requests_total{method=\"GET\",route=\"unmatched\",code=\"404\"}"));
        assertEquals(1.0, m.get("seqlog_http_requests_total{method=\"other\",route=\"unmatched\",code=\"404\"}"));
        assertTrue(m.keySet().stream().noneMatch(k -> k.contains("missing") || k.contains("BREW")),
                "raw paths and unknown methods never become labels");
        assertEquals(1.0, m.get("seqlog_http_request_duration_us_count{method=\"PUT\",route=\"/v0/topics/:topic\"}"));
        assertTrue(m.get("seqlog_http_request_duration_us{method=\"PUT\",route=\"/v0/topics/:topic\","
                + "quantile=\"0.99\"}") > 0);
    }

    @Test
    void jvmSeriesAreReal() {
        Map<String, Double> m = scrape();
        assertTrue(m.get("seqlog_jvm_heap_used_bytes") > 0);
        assertTrue(m.get("seqlog_jvm_heap_committed_bytes") > 0);
        assertTrue(m.get("seqlog_jvm_threads") > 1);
        assertTrue(m.containsKey("seqlog_jvm_buffer_used_bytes{pool=\"direct\"}"), m.toString());
        System.gc(); // a collection the counters must show
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith("seqlog_jvm_gc_collections_total{") && e.getValue() > 0));
    }

    @Test
    void perTopicSeriesAreCutAtTheBound() {
        try (SeqlogServer s = SeqlogServer.start(withEnv(Map.of("SEQLOG_METRICS_MAX_TOPICS", "1")))) {
            URI b = s.baseUri();
            assertEquals(201, Http.send(b, "PUT", "/v0/topics/a", JSON, utf8("{}"), Map.of()).status());
            assertEquals(201, Http.send(b, "PUT", "/v0/topics/b", JSON, utf8("{}"), Map.of()).status());
            Map<String, Double> m = samples(Http.send(b, "GET", "/v0/metrics", null, null, Map.of()).text());
            assertEquals(1.0, m.get("seqlog_topic_metrics_truncated"));
            assertTrue(m.containsKey("seqlog_topic_head_seq{topic=\"a\"}"));
            assertTrue(!m.containsKey("seqlog_topic_head_seq{topic=\"b\"}"));
        }
    }

    static ServerConfig withEnv(Map<String, String> env) {
        try {
            return ServerConfig.fromEnv(env).withPort(0).withDataDir(null);
        } catch (dev.seqlog.server.config.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void walSeriesCountWritesFlushesRotationsPeaksAndWaits(TestDir dir) {
        EngineOptions o = EngineOptions.builder().dataDir(dir.path()).walShards(1).walFileBytes(64 << 10)
                .checkpointWalBytes(4096).checkpointIntervalMs(3_600_000).build();
        try (SeqlogEngine engine = SeqlogEngine.start(o);
             SeqlogServer s = SeqlogServer.start(ServerConfig.defaults().withPort(0).withDataDir(null), engine)) {
            engine.awaitReady();
            URI b = s.baseUri();
            assertEquals(201, Http.send(b, "PUT", "/v0/topics/f", JSON, utf8("{\"durability\":\"fsync\"}"), Map.of())
                    .status());
            String big = "{\"records\":[{\"data\":\"" + "x".repeat(30_000) + "\"}]}";
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                assertEquals(200, Http.send(b, "POST", "/v0/topics/f", JSON, utf8(big), Map.of()).status());
                Map<String, Double> m = samples(Http.send(b, "GET", "/v0/metrics", null, null, Map.of()).text());
                return m.get("seqlog_wal_rotations_total") > 0 && m.get("seqlog_wal_submit_full_total") > 0;
            });
            Map<String, Double> m = samples(Http.send(b, "GET", "/v0/metrics", null, null, Map.of()).text());
            assertTrue(m.get("seqlog_wal_frames_total") > 0);
            assertTrue(m.get("seqlog_wal_batches_total") > 0);
            assertTrue(m.get("seqlog_wal_bytes_written_total") > 30_000);
            assertTrue(m.get("seqlog_wal_queue_depth_peak") >= 1);
            assertEquals(0.0, m.get("seqlog_wal_read_only"));
            double fsyncs = m.get("seqlog_wal_fsyncs_total");
            assertTrue(fsyncs > 0);
            assertEquals(fsyncs, m.get("seqlog_wal_fsync_latency_us_count"), "one observation per flush");
            assertEquals(fsyncs, m.get("seqlog_wal_fsync_latency_us_bucket{le=\"+Inf\"}"));
            assertTrue(m.get("seqlog_wal_fsync_latency_us_bucket{le=\"50\"}")
                    <= m.get("seqlog_wal_fsync_latency_us_bucket{le=\"100000\"}"));
            Http.Resp json = Http.send(b, "GET", "/v0/metrics", null, null, Map.of("Accept", "application/json"));
            assertEquals((long) fsyncs, json.num("histograms.seqlog_wal_fsync_latency_us.count"));
            assertEquals((long) fsyncs, json.num("histograms.seqlog_wal_fsync_latency_us.buckets.+Inf"));
            assertEquals((long) fsyncs, json.num("counters.seqlog_wal_fsyncs_total"));
            assertTrue(json.num("gauges.seqlog_wal_queue_depth_peak") >= 1);
        }
    }

    @Test
    @ExpectErrorLogs // the WAL writer reports the injected flush failure as a storage failure
    void aFailedFlushSetsReadOnly(TestDir dir) {
        FailingWalSync fs = new FailingWalSync();
        EngineOptions o = EngineOptions.builder().dataDir(dir.path()).fileSystem(fs).walShards(1).build();
        try (SeqlogEngine engine = SeqlogEngine.start(o);
             SeqlogServer s = SeqlogServer.start(ServerConfig.defaults().withPort(0).withDataDir(null), engine)) {
            engine.awaitReady();
            URI b = s.baseUri();
            assertEquals(201, Http.send(b, "PUT", "/v0/topics/f", JSON, utf8("{\"durability\":\"fsync\"}"), Map.of())
                    .status());
            assertEquals(0.0, samples(Http.send(b, "GET", "/v0/metrics", null, null, Map.of()).text())
                    .get("seqlog_wal_read_only"));
            fs.fail.set(true);
            assertEquals(500, Http.send(b, "POST", "/v0/topics/f", JSON, utf8("{\"records\":[{\"data\":1}]}"),
                    Map.of()).status());
            assertEquals(1.0, samples(Http.send(b, "GET", "/v0/metrics", null, null, Map.of()).text())
                    .get("seqlog_wal_read_only"));
        }
    }
}
