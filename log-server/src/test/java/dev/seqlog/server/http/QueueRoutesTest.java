package dev.seqlog.server.http;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue routes (API §10.3–§10.9): claim, ack, nack and extend over HTTP, their response shapes field by
 * field, every request error, and the queue counters in topic state, listings and metrics. The engine runs on a
 * manual clock, so deadlines are exact and a lease expires only when a test moves the clock.
 */
class QueueRoutesTest extends ServerTest {
    static final long T0 = 1_750_000_000_000L;
    static final String LEASE_ID = "lease_[0-9a-f]{16}";
    final ManualClock clock = new ManualClock(T0);

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_MAX_CLAIM", "5");
    }

    @Override
    SeqlogServer start(ServerConfig config) {
        return startOnClock(config, clock);
    }

    @BeforeEach
    void topics() {
        assertEquals(201, put("/v0/topics/q", "{\"type\":\"queue\"}").status());
        assertEquals(201, put("/v0/topics/log", "{}").status());
    }

    Http.Resp call(String op, String body) {
        return post("/v0/topics/q/" + op, body);
    }

    Http.Resp ok(String op, String body) {
        Http.Resp r = call(op, body);
        assertEquals(200, r.status(), r.toString());
        return r;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> claimed(Http.Resp r) {
        return (List<Map<String, Object>>) r.at("claimed");
    }

    static long num(Object o) {
        return ((Number) o).longValue();
    }

    Map<?, ?> queueState(String topic) {
        return (Map<?, ?>) get("/v0/topics/" + topic + "?touch=false").at("queue");
    }

    // ------------------------------------------------------------------------------------------ claim

    @Test
    void aClaimLeasesJobsWithTheRecordFieldsOfADiffPlusTheLease() {
        assertEquals(200, post("/v0/topics/q", "{\"node\":\"producer\",\"records\":[{\"data\":{\"type\":\"resize\"},"
                + "\"tag\":\"tenant42:job-1\",\"meta\":{\"trace\":\"z9\"}},{\"data\":[1,2.50]}]}").status());
        Http.Resp r = ok("claim", "{\"node\":\"w1\",\"max\":3,\"lease_ms\":30000}");
        assertEquals("q", r.at("topic"));
        assertEquals(2L, r.num("count"));
        assertEquals(0L, r.num("ready"));
        assertTrue(r.at("performance.server_total_ms") instanceof Number, r.toString());
        List<Map<String, Object>> jobs = claimed(r);
        assertEquals(2, jobs.size());
        Map<String, Object> first = jobs.get(0);
        assertEquals(List.of("$seq", "lease_id", "deadline", "$ts", "$node", "$tag", "deliveries", "meta", "data"),
                List.copyOf(first.keySet()));
        assertEquals(1L, num(first.get("$seq")));
        assertTrue(((String) first.get("lease_id")).matches(LEASE_ID), first.toString());
        assertEquals(T0 + 30_000, num(first.get("deadline")));
        assertEquals(T0, num(first.get("$ts")));
        assertEquals("producer", first.get("$node"));
        assertEquals("tenant42:job-1", first.get("$tag"), "tags are always included in claims");
        assertEquals(1L, num(first.get("deliveries")));
        assertEquals(Map.of("trace", "z9"), first.get("meta"));
        assertEquals(Map.of("type", "resize"), first.get("data"));
        Map<String, Object> second = jobs.get(1);
        assertFalse(second.containsKey("$tag"), "absent fields are omitted");
        assertFalse(second.containsKey("meta"));
        assertNotEquals(first.get("lease_id"), second.get("lease_id"));
        assertTrue(r.text().contains("\"data\":[1,2.50]"), "the payload comes back byte for byte: " + r.text());

        // the record fields are exactly a diff's
        Http.Resp diff = post("/v0/topics/q/diff", "{\"from_seq\":0,\"include_tags\":true}");
        for (int i = 0; i < 2; i++) {
            Map<String, Object> job = new LinkedHashMap<>(jobs.get(i));
            job.keySet().removeAll(List.of("lease_id", "deadline", "deliveries"));
            assertEquals(JsonValue.at(diff.json(), "records." + i), job);
        }
    }

    @Test
    void maxDefaultsToOneZeroMeansTheDefaultAndLargeValuesAreClampedToMaxClaim() {
        for (int i = 0; i < 12; i++) {
            append("q", String.valueOf(i));
        }
        assertEquals(1L, ok("claim", "{\"node\":\"w\"}").num("count"));
        assertEquals(1L, ok("claim", "{\"node\":\"w\",\"max\":0}").num("count"));
        Http.Resp big = ok("claim", "{\"node\":\"w\",\"max\":99999999999999999999999}");
        assertEquals(5L, big.num("count"), "SEQLOG_MAX_CLAIM is 5 here");
        assertEquals(5L, big.num("ready"));
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), claimed(big).stream().map(j -> num(j.get("$seq"))).toList());
    }

    @Test
    void leaseLengthDefaultsToTheTopicsAndIsClamped() {
        assertEquals(200, put("/v0/topics/q", "{\"type\":\"queue\",\"lease_ms\":5000}").status());
        for (int i = 0; i < 3; i++) {
            append("q", String.valueOf(i));
        }
        assertEquals(T0 + 5000, num(claimed(ok("claim", "{\"node\":\"w\"}")).get(0).get("deadline")));
        assertEquals(T0 + 100, num(claimed(ok("claim", "{\"node\":\"w\",\"lease_ms\":1}")).get(0).get("deadline")));
        assertEquals(T0 + 86_400_000, num(claimed(ok("claim", "{\"node\":\"w\",\"lease_ms\":99999999999999999999}"))
                .get(0).get("deadline")));
    }

    @Test
    void aCoalescedClaimIsAnsweredWhenItsWindowClosesWithNoThreadHeldMeanwhile() throws Exception {
        assertEquals(200, put("/v0/topics/q", "{\"type\":\"queue\",\"claim_jitter_ms\":1000}").status());
        String[] jobs = new String[10];
        Arrays.fill(jobs, "0");
        append("q", jobs);
        CompletableFuture<Http.Resp> a = Http.sendAsync(base, "POST", "/v0/topics/q/claim", JSON,
                utf8("{\"node\":\"a\",\"max\":5}"), Map.of());
        CompletableFuture<Http.Resp> b = Http.sendAsync(base, "POST", "/v0/topics/q/claim", JSON,
                utf8("{\"node\":\"b\",\"max\":5}"), Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.state().inFlight() == 2);
        assertFalse(a.isDone() || b.isDone(), "the window closes on the engine's clock, which has not moved");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(1000);
            return a.isDone() && b.isDone();
        });
        Http.Resp ra = a.get();
        Http.Resp rb = b.get();
        assertEquals(200, ra.status(), ra.toString());
        assertEquals(200, rb.status(), rb.toString());
        assertEquals(10L, ra.num("count") + rb.num("count"));
        assertEquals(0L, rb.num("ready"));
    }

    @Test
    void anEmptyQueueAnswersAnEmptyClaim() {
        Http.Resp r = ok("claim", "{\"node\":\"w\",\"max\":4,\"unknown\":{\"x\":[1]}}");
        assertEquals(List.of(), r.at("claimed"));
        assertEquals(0L, r.num("count"));
        assertEquals(0L, r.num("ready"));
    }

    // -------------------------------------------------------------------------------- ack, nack, extend

    @Test
    void ackDeletesHeldJobsAndReportsTheRestInRequestOrder() {
        append("q", "1", "2", "3");
        ok("claim", "{\"node\":\"w1\",\"max\":2}");
        Http.Resp r = ok("ack", "{\"node\":\"w1\",\"seqs\":[2,99,3,1,2]}");
        assertEquals("q", r.at("topic"));
        assertEquals(2L, r.num("acked"));
        assertEquals(List.of(99L, 3L, 2L), r.at("skipped"), "not held, not held, repeated");
        assertEquals(1L, r.num("ready"));
        assertEquals(0L, r.num("in_flight"));
        assertTrue(r.at("performance.server_total_ms") instanceof Number);
        assertNull(r.at("performance.fsync_ms"), "a disk queue does not wait for a flush");
        assertEquals(1L, get("/v0/topics/q").num("count"), "an ack is a delete");
        Http.Resp again = ok("ack", "{\"node\":\"w1\",\"seqs\":[1,2]}");
        assertEquals(0L, again.num("acked"));
        assertEquals(List.of(1L, 2L), again.at("skipped"), "an ack is safe to retry");
    }

    @Test
    void onlyTheHolderWithTheCurrentLeaseIdCanAck() {
        append("q", "1", "2");
        List<Map<String, Object>> jobs = claimed(ok("claim", "{\"node\":\"w1\",\"max\":2}"));
        String id1 = (String) jobs.get(0).get("lease_id");
        String id2 = (String) jobs.get(1).get("lease_id");
        assertEquals(List.of(1L, 2L), ok("ack", "{\"node\":\"w2\",\"seqs\":[1,2]}").at("skipped"), "another node");
        Http.Resp fenced = ok("ack", "{\"node\":\"w1\",\"seqs\":[1,2],\"lease_ids\":[\"" + id2 + "\",\"" + id2 + "\"]}");
        assertEquals(1L, fenced.num("acked"));
        assertEquals(List.of(1L), fenced.at("skipped"), "seq 1 named another delivery's lease id");
        Http.Resp malformedId = ok("ack", "{\"node\":\"w1\",\"seqs\":[1],\"lease_ids\":[\"nope\"]}");
        assertEquals(List.of(1L), malformedId.at("skipped"));
        assertEquals(1L, ok("ack", "{\"node\":\"w1\",\"seqs\":[1],\"lease_ids\":[\"" + id1 + "\"]}").num("acked"));
    }

    @Test
    void anFsyncQueueAnswersAnAckOnceItIsFlushedAndSaysHowLongItWaited(TestDir dir) {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(null);
        try (SeqlogEngine engine = SeqlogEngine.start(EngineOptions.builder().dataDir(dir.path()).build());
             SeqlogServer s = SeqlogServer.start(config, engine)) {
            engine.awaitReady();
            URI b = s.baseUri();
            assertEquals(201, Http.send(b, "PUT", "/v0/topics/f", JSON, utf8("{\"type\":\"queue\",\"durability\":\"fsync\"}"),
                    Map.of()).status());
            assertEquals(200, Http.send(b, "POST", "/v0/topics/f", JSON, utf8("{\"records\":[{\"data\":1}]}"), Map.of())
                    .status());
            Http.Resp claim = Http.send(b, "POST", "/v0/topics/f/claim", JSON, utf8("{\"node\":\"w\"}"), Map.of());
            assertEquals(1L, claim.num("count"));
            Http.Resp r = Http.send(b, "POST", "/v0/topics/f/ack", JSON, utf8("{\"node\":\"w\",\"seqs\":[1]}"), Map.of());
            assertEquals(1L, r.num("acked"), r.toString());
            assertTrue(r.at("performance.fsync_ms") instanceof Number, r.toString());
        }
    }

    @Test
    void nackReleasesAtOnceOrAfterADelayAndTheNextClaimCountsADelivery() {
        append("q", "1", "2", "3");
        ok("claim", "{\"node\":\"w\",\"max\":2}");
        Http.Resp now = ok("nack", "{\"node\":\"w\",\"seqs\":[1]}");
        assertEquals("q", now.at("topic"));
        assertEquals(1L, now.num("nacked"));
        assertEquals(List.of(), now.at("skipped"));
        assertEquals(2L, now.num("ready"));
        assertEquals(1L, now.num("in_flight"));
        Http.Resp later = ok("nack", "{\"node\":\"w\",\"seqs\":[2,7],\"delay_ms\":5000}");
        assertEquals(1L, later.num("nacked"));
        assertEquals(List.of(7L), later.at("skipped"));
        assertEquals(2L, later.num("ready"), "a delayed job is neither ready nor in flight");
        assertEquals(0L, later.num("in_flight"));

        Http.Resp again = ok("claim", "{\"node\":\"w\",\"max\":5}");
        assertEquals(List.of(1L, 3L), claimed(again).stream().map(j -> num(j.get("$seq"))).toList(),
                "redelivered work first");
        assertEquals(2L, num(claimed(again).get(0).get("deliveries")));
        assertEquals(1L, num(claimed(again).get(1).get("deliveries")));
        clock.advance(4999);
        assertEquals(0L, ok("claim", "{\"node\":\"w\"}").num("count"), "the delay has not passed yet");
        clock.advance(1);
        Map<String, Object> delayed = claimed(ok("claim", "{\"node\":\"w\"}")).get(0);
        assertEquals(2L, num(delayed.get("$seq")));
        assertEquals(2L, num(delayed.get("deliveries")));
    }

    @Test
    void extendMovesTheDeadlineFromNowAndKeepsTheLease() {
        append("q", "1", "2");
        Map<String, Object> job = claimed(ok("claim", "{\"node\":\"w\",\"lease_ms\":1000}")).get(0);
        clock.advance(900);
        Http.Resp r = ok("extend", "{\"node\":\"w\",\"seqs\":[1,2,1],\"lease_ms\":60000,\"lease_ids\":[\""
                + job.get("lease_id") + "\",\"x\",\"y\"]}");
        assertEquals("q", r.at("topic"));
        assertEquals(1L, r.num("extended"));
        assertEquals(List.of(2L, 1L), r.at("skipped"));
        assertEquals(Map.of("1", T0 + 900 + 60_000), r.at("deadlines"));
        assertTrue(r.at("performance.server_total_ms") instanceof Number);
        clock.advance(59_000);
        assertEquals(1L, ((Number) queueState("q").get("in_flight")).longValue(), "still leased past the old deadline");
        Http.Resp clamped = ok("extend", "{\"node\":\"w\",\"seqs\":[1],\"lease_ms\":5}");
        assertEquals(Map.of("1", clock.millis() + 100), clamped.at("deadlines"));
        assertEquals(1L, ok("ack", "{\"node\":\"w\",\"seqs\":[1],\"lease_ids\":[\"" + job.get("lease_id") + "\"]}")
                .num("acked"), "extending keeps the lease id");
    }

    @Test
    void anExpiredLeaseIsReclaimedAndTheSlowWorkersAckIsSkipped() {
        append("q", "1");
        ok("claim", "{\"node\":\"slow\",\"lease_ms\":1000}");
        clock.advance(1000);
        assertEquals(Map.of("ready", 0L, "in_flight", 1L, "dead_lettered", 0L), queueState("q"));
        clock.advance(1);
        assertEquals(Map.of("ready", 1L, "in_flight", 0L, "dead_lettered", 0L), queueState("q"));
        Map<String, Object> re = claimed(ok("claim", "{\"node\":\"fast\"}")).get(0);
        assertEquals(2L, num(re.get("deliveries")));
        assertEquals(List.of(1L), ok("ack", "{\"node\":\"slow\",\"seqs\":[1]}").at("skipped"));
        assertEquals(1L, ok("ack", "{\"node\":\"fast\",\"seqs\":[1]}").num("acked"));
    }

    // ------------------------------------------------------------------------------ state, metrics

    @Test
    void topicStateListingAndMetricsCarryTheQueueCounters() {
        assertEquals(200, put("/v0/topics/q", "{\"type\":\"queue\",\"max_deliveries\":1,\"dead_letter\":\"dlq\"}")
                .status());
        append("q", "1", "2", "3", "4");
        ok("claim", "{\"node\":\"w\",\"max\":3}");
        ok("nack", "{\"node\":\"w\",\"seqs\":[1]}");
        ok("nack", "{\"node\":\"w\",\"seqs\":[2],\"delay_ms\":1000}");
        // seq 1 has had its one delivery: the next pass moves it to the dead-letter topic
        Http.Resp c = ok("claim", "{\"node\":\"w\"}");
        assertEquals(4L, num(claimed(c).get(0).get("$seq")));
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) queueState("q").get("dead_lettered")).longValue() == 1);

        Http.Resp s = get("/v0/topics/q?touch=false");
        assertEquals("queue", s.at("type"));
        assertEquals(Map.of("ready", 0L, "in_flight", 2L, "dead_lettered", 1L), s.at("queue"));
        assertEquals(List.of("topic", "type", "head_seq", "earliest_seq", "next_seq", "count", "bytes", "config", "queue",
                "effective_priority", "last_write_ts", "last_read_ts", "performance"),
                List.copyOf(((Map<?, ?>) s.json()).keySet()));
        assertNull(get("/v0/topics/log").at("queue"), "a log has no queue object");

        Http.Resp list = get("/v0/topics");
        assertEquals(Map.of("ready", 0L, "in_flight", 2L, "dead_lettered", 1L), list.at("topics.2.queue"));
        assertEquals("q", list.at("topics.2.topic"));
        assertNull(list.at("topics.1.queue"), "log");

        String text = get("/v0/metrics").text();
        assertTrue(text.contains("\nseqlog_queue_topics 1\n"), text);
        assertTrue(text.contains("\nseqlog_queue_leases_in_flight 2\n"), text);
        assertTrue(text.contains("\nseqlog_topic_queue_ready{topic=\"q\"} 0\n"), text);
        assertTrue(text.contains("\nseqlog_topic_queue_in_flight{topic=\"q\"} 2\n"), text);
        assertTrue(text.contains("\nseqlog_topic_queue_dead_lettered{topic=\"q\"} 1\n"), text);
        assertFalse(text.contains("seqlog_topic_queue_ready{topic=\"log\"}"), "queue series cover queue topics only");
        Http.Resp json = get("/v0/metrics", "Accept", "application/json");
        assertEquals(2L, json.num("topics.q.queue_in_flight"));
        assertEquals(0L, json.num("topics.q.queue_ready"));
        assertNull(json.at("topics.log.queue_ready"));
    }

    // ------------------------------------------------------------------------------------------ errors

    @ParameterizedTest
    @ValueSource(strings = {"claim", "ack", "nack", "extend"})
    void everyQueueRouteNeedsANode(String op) {
        Http.Resp missing = call(op, "{\"seqs\":[1],\"lease_ms\":1000}");
        assertEquals(400, missing.status(), missing.toString());
        assertEquals("invalid_request", missing.code());
        assertEquals("node", missing.at("error.detail.field"));
        Http.Resp empty = raw("POST", "/v0/topics/q/" + op, null, new byte[0]);
        assertEquals(400, empty.status(), "an empty body is {} (API §1.6)");
        assertEquals("node", empty.at("error.detail.field"));
        assertEquals("node", call(op, "{\"node\":\"\",\"seqs\":[1],\"lease_ms\":1000}").at("error.detail.field"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "claim | {\"node\":7} | node",
        "claim | {\"node\":\"w\",\"max\":\"1\"} | max",
        "claim | {\"node\":\"w\",\"max\":-1} | max",
        "claim | {\"node\":\"w\",\"max\":1.5} | max",
        "claim | {\"node\":\"w\",\"lease_ms\":null} | lease_ms",
        "claim | {\"node\":\"w\",\"lease_ms\":\"1000\"} | lease_ms",
        "ack | {\"node\":\"w\",\"seqs\":1} | seqs",
        "ack | {\"node\":\"w\",\"seqs\":[\"1\"]} | seqs",
        "ack | {\"node\":\"w\",\"seqs\":[-1]} | seqs",
        "ack | {\"node\":\"w\",\"seqs\":[1.0]} | seqs",
        "ack | {\"node\":\"w\",\"seqs\":[18446744073709551616]} | seqs",
        "ack | {\"node\":\"w\",\"seqs\":[1],\"lease_ids\":\"lease_0\"} | lease_ids",
        "ack | {\"node\":\"w\",\"seqs\":[1],\"lease_ids\":[1]} | lease_ids",
        "ack | {\"node\":\"w\",\"seqs\":[1],\"lease_ids\":null} | lease_ids",
        "nack | {\"node\":\"w\",\"seqs\":[1],\"delay_ms\":-5} | delay_ms",
        "nack | {\"node\":\"w\",\"seqs\":[1],\"delay_ms\":true} | delay_ms",
        "extend | {\"node\":\"w\",\"seqs\":[1],\"lease_ms\":\"5\"} | lease_ms",
        "extend | {\"node\":\"w\",\"seqs\":[1],\"lease_ms\":1e3} | lease_ms"
    })
    void wrongFieldTypesNameTheField(String op, String body, String field) {
        Http.Resp r = call(op, body);
        assertEquals(400, r.status(), r.toString());
        assertEquals("invalid_request", r.code());
        assertEquals(field, r.at("error.detail.field"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ack", "nack", "extend"})
    void seqsAreRequiredNonEmptyAndAtMostMaxClaim(String op) {
        Http.Resp missing = call(op, "{\"node\":\"w\",\"lease_ms\":1000}");
        assertEquals("invalid_request", missing.code(), missing.toString());
        assertEquals("seqs", missing.at("error.detail.field"));
        Http.Resp empty = call(op, "{\"node\":\"w\",\"seqs\":[],\"lease_ms\":1000}");
        assertEquals(400, empty.status());
        assertEquals("invalid_request", empty.code());
        assertEquals("seqs", empty.at("error.detail.field"));
        for (String topic : List.of("q", "log", "missing")) {
            Http.Resp big = post("/v0/topics/" + topic + "/" + op, "{\"seqs\":[1,2,3,4,5,6],\"node\":\"w\",\"lease_ms\":1}");
            assertEquals(400, big.status(), topic + ": " + big);
            assertEquals("batch_too_large", big.code(), "a body check comes before existence and type (API §1.2)");
            assertEquals(Map.of("limit", "max_claim", "max", 5L, "count", 6L), big.at("error.detail"));
        }
        assertEquals(200, call(op, "{\"node\":\"w\",\"seqs\":[1,2,3,4,5],\"lease_ms\":1000}").status(), "5 is allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ack", "nack", "extend"})
    void leaseIdsMustMatchSeqsInLength(String op) {
        Http.Resp r = call(op, "{\"node\":\"w\",\"seqs\":[1,2],\"lease_ids\":[\"lease_0000000000000001\"],"
                + "\"lease_ms\":1000}");
        assertEquals(400, r.status(), r.toString());
        assertEquals("invalid_request", r.code());
        assertEquals("lease_ids", r.at("error.detail.field"));
        String many = "\"lease_0000000000000001\",".repeat(7);
        Http.Resp longer = call(op, "{\"node\":\"w\",\"seqs\":[1],\"lease_ids\":[" + many.substring(0, many.length() - 1)
                + "],\"lease_ms\":1000}");
        assertEquals("lease_ids", longer.at("error.detail.field"), longer.toString());
    }

    @Test
    void extendNeedsLeaseMsButNackDoesNotNeedDelay() {
        Http.Resp r = call("extend", "{\"node\":\"w\",\"seqs\":[1]}");
        assertEquals(400, r.status());
        assertEquals("invalid_request", r.code());
        assertEquals("lease_ms", r.at("error.detail.field"));
        assertEquals(200, call("nack", "{\"node\":\"w\",\"seqs\":[1]}").status());
        assertEquals(200, call("ack", "{\"node\":\"w\",\"seqs\":[1],\"delay_ms\":\"ignored\"}").status(),
                "fields a route does not know are ignored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"claim", "ack", "nack", "extend"})
    void queueRoutesNeverCreateTopicsAndRefuseLogs(String op) {
        String body = "{\"node\":\"w\",\"seqs\":[1],\"lease_ms\":1000}";
        Http.Resp missing = post("/v0/topics/nope/" + op, body);
        assertEquals(404, missing.status(), missing.toString());
        assertEquals("topic_not_found", missing.code());
        assertEquals("nope", missing.at("error.detail.topic"));
        assertEquals(404, get("/v0/topics/nope").status(), "not created");
        Http.Resp log = post("/v0/topics/log/" + op, body);
        assertEquals(409, log.status(), log.toString());
        assertEquals("not_a_queue", log.code());
        assertEquals("log", log.at("error.detail.topic"));
        Http.Resp badName = post("/v0/topics/-x/" + op, body);
        assertEquals(400, badName.status());
        assertEquals("invalid_request", badName.code());
    }

    @Test
    void otherMethodsOnQueuePathsAre405WithAllow() {
        for (String op : List.of("claim", "ack", "nack", "extend")) {
            Http.Resp r = get("/v0/topics/q/" + op);
            assertEquals(405, r.status(), op);
            assertEquals("method_not_allowed", r.code());
            assertEquals("POST", r.header("Allow"));
            assertEquals(List.of("POST"), r.at("error.detail.allow"));
        }
        Http.Resp work = post("/v0/topics/q/work", "{}");
        assertEquals(405, work.status());
        assertEquals("GET", work.header("Allow"));
    }
}
