package dev.seqlog.server.http;

import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code /work} push stream (API §10.10) over real sockets: job frames up to {@code max}, more after acks,
 * leases released at once when the connection goes, and the errors before and during the stream. The engine
 * runs on a manual clock that only the expiry test moves, so elsewhere no lease expires: a job that becomes
 * claimable again was released.
 */
class WorkStreamTest extends ServerTest {
    final ManualClock clock = new ManualClock(1_750_000_000_000L);

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_MAX_CLAIM", "50");
    }

    @Override
    SeqlogServer start(ServerConfig config) {
        return startOnClock(config, clock);
    }

    @BeforeEach
    void queue() {
        assertEquals(201, put("/v0/topics/q", "{\"type\":\"queue\"}").status());
    }

    SseClient work(String query, String... headers) {
        SseClient c = SseClient.open(server.port(), "/v0/topics/q/work?" + query, headers);
        assertEquals(200, c.status, c.errorBody);
        return c;
    }

    Map<?, ?> counters() {
        return (Map<?, ?>) get("/v0/topics/q?touch=false").at("queue");
    }

    static long num(Object o) {
        return ((Number) o).longValue();
    }

    /** The next {@code job} frame, checked against its own data. */
    static SseClient.Frame job(SseClient s) {
        SseClient.Frame f = s.next();
        assertEquals("job", f.event(), String.valueOf(f));
        assertEquals(f.id(), String.valueOf(num(f.at("$seq"))), "the id is the job's seq");
        return f;
    }

    @Test
    void jobsArePushedUpToMaxAndMoreAsTheyAreAcked() {
        assertEquals(200, post("/v0/topics/q", "{\"records\":[{\"data\":{\"n\":1},\"tag\":\"t1\",\"meta\":{\"m\":1}},"
                + "{\"data\":2},{\"data\":3},{\"data\":4}]}").status());
        try (SseClient s = work("node=w1&max=2&lease_ms=60000", "Accept: text/event-stream")) {
            assertEquals("text/event-stream; charset=utf-8", s.headers.get("content-type"));
            assertEquals("no-store", s.headers.get("cache-control"));
            assertEquals("no", s.headers.get("x-accel-buffering"));
            assertEquals("2000", s.next(Duration.ofSeconds(10), true).retry());
            assertTrue(s.next(Duration.ofSeconds(10), true).comment().startsWith("hb "));

            SseClient.Frame first = job(s);
            assertEquals("1", first.id());
            assertEquals(List.of("topic", "$seq", "lease_id", "deadline", "$ts", "$tag", "deliveries", "meta", "data"),
                    List.copyOf(((Map<?, ?>) first.json()).keySet()));
            assertEquals("q", first.at("topic"));
            assertTrue(((String) first.at("lease_id")).matches("lease_[0-9a-f]{16}"));
            assertEquals(clock.millis() + 60_000, num(first.at("deadline")));
            assertEquals(clock.millis(), num(first.at("$ts")));
            assertEquals("t1", first.at("$tag"));
            assertEquals(1L, num(first.at("deliveries")));
            assertEquals(Map.of("m", 1L), first.at("meta"));
            assertEquals(Map.of("n", 1L), first.at("data"));
            assertEquals("2", job(s).id());
            await().atMost(Duration.ofSeconds(10)).until(() -> counters().equals(
                    Map.of("ready", 2L, "in_flight", 2L, "dead_lettered", 0L)));

            Http.Resp ack = post("/v0/topics/q/ack", "{\"node\":\"w1\",\"seqs\":[1],\"lease_ids\":[\""
                    + first.at("lease_id") + "\"]}");
            assertEquals(1L, ack.num("acked"), ack.toString());
            assertEquals("3", job(s).id(), "an ack frees a place: the next job is pushed");
            assertEquals(200, post("/v0/topics/q/nack", "{\"node\":\"w1\",\"seqs\":[2]}").status());
            SseClient.Frame back = job(s);
            assertEquals("2", back.id(), "a nacked job is pushed again, reclaimed work first");
            assertEquals(2L, num(back.at("deliveries")));
            await().atMost(Duration.ofSeconds(10)).until(() -> counters().equals(
                    Map.of("ready", 1L, "in_flight", 2L, "dead_lettered", 0L)));
        }
    }

    @Test
    void inCoalescingModeTheStreamIsServedWhenWindowsClose() throws Exception {
        assertEquals(201, put("/v0/topics/w", "{\"type\":\"queue\",\"claim_jitter_ms\":50}").status());
        append("w", "1", "2", "3", "4");
        try (SseClient s = SseClient.open(server.port(), "/v0/topics/w/work?node=push&max=10",
                "Accept: text/event-stream")) {
            assertEquals(200, s.status, s.errorBody);
            java.util.concurrent.CompletableFuture<Http.Resp> claim = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> post("/v0/topics/w/claim", "{\"node\":\"poll\",\"max\":1}"));
            // nothing is handed out before a window closes on the server's clock
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                clock.advance(50);
                return claim.isDone();
            });
            Http.Resp r = claim.get();
            assertEquals(200, r.status(), r.toString());
            long polled = num(((Map<?, ?>) ((List<?>) r.at("claimed")).get(0)).get("$seq"));
            java.util.Set<Long> pushed = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                pushed.add(num(job(s).at("$seq")));
            }
            assertEquals(3, pushed.size());
            assertTrue(!pushed.contains(polled), "a job went both to the claim and to the stream");
        }
    }

    @Test
    void aWorkerWaitingOnAnEmptyQueueGetsNewJobsAsTheyArrive() {
        try (SseClient s = work("node=w&max=3")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 1);
            append("q", "\"a\"");
            SseClient.Frame f = job(s);
            assertEquals("a", f.at("data"));
            append("q", "\"b\"", "\"c\"", "\"d\"");
            assertEquals("2", job(s).id());
            assertEquals("3", job(s).id());
            await().atMost(Duration.ofSeconds(10)).until(() -> counters().equals(
                    Map.of("ready", 1L, "in_flight", 3L, "dead_lettered", 0L)));
        }
    }

    @Test
    void manyJobsFlowPastTheStreamsWindowUpToMax() {
        String[] data = new String[30];
        for (int i = 0; i < data.length; i++) {
            data[i] = String.valueOf(i);
        }
        append("q", data);
        try (SseClient s = work("node=w&max=25")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                ids.add(job(s).id());
            }
            assertEquals("1", ids.get(0));
            assertEquals("25", ids.get(24));
            await().atMost(Duration.ofSeconds(10)).until(() -> counters().equals(
                    Map.of("ready", 5L, "in_flight", 25L, "dead_lettered", 0L)));
        }
    }

    @Test
    void droppingTheConnectionReleasesItsLeasesAtOnceWithoutCountingADelivery() {
        append("q", "1", "2", "3", "4");
        Http.Resp polled = post("/v0/topics/q/claim", "{\"node\":\"w\",\"max\":1}");
        assertEquals(1L, polled.num("count"));
        SseClient s = work("node=w&max=2");
        assertEquals(1L, num(job(s).at("deliveries")));
        assertEquals(1L, num(job(s).at("deliveries")));
        await().atMost(Duration.ofSeconds(10)).until(() -> counters().equals(
                Map.of("ready", 1L, "in_flight", 3L, "dead_lettered", 0L)));
        s.close();
        // the clock has not moved: only the disconnect can have made the pushed jobs claimable
        await().atMost(Duration.ofSeconds(10)).until(() -> counters().equals(
                Map.of("ready", 3L, "in_flight", 1L, "dead_lettered", 0L)));
        await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
        Http.Resp again = post("/v0/topics/q/claim", "{\"node\":\"w2\",\"max\":5}");
        assertEquals(3L, again.num("count"), again.toString());
        List<?> claimed = (List<?>) again.at("claimed");
        assertEquals(List.of(2L, 3L, 4L), claimed.stream().map(j -> num(((Map<?, ?>) j).get("$seq"))).toList(),
                "released jobs come back first, then fresh work");
        assertEquals(2L, num(((Map<?, ?>) claimed.get(0)).get("deliveries")), "one push and this claim");
        assertEquals(2L, num(((Map<?, ?>) claimed.get(1)).get("deliveries")));
        assertEquals(1L, num(((Map<?, ?>) claimed.get(2)).get("deliveries")));
        assertEquals(1L, post("/v0/topics/q/ack", "{\"node\":\"w\",\"seqs\":[1]}").num("acked"),
                "the lease from a polling claim is untouched by the disconnect");
    }

    @Test
    void aPushedLeaseThatExpiresFreesItsPlaceAndTheJobIsPushedAgain() {
        append("q", "1", "2");
        try (SseClient s = work("node=w&max=1&lease_ms=1000")) {
            SseClient.Frame first = job(s);
            assertEquals("1", first.id());
            clock.advance(1001);
            SseClient.Frame again = job(s);
            assertEquals("1", again.id(), "reclaimed work goes first");
            assertEquals(2L, num(again.at("deliveries")));
            assertEquals(clock.millis() + 1000, num(again.at("deadline")));
            Http.Resp stale = post("/v0/topics/q/ack", "{\"node\":\"w\",\"seqs\":[1],\"lease_ids\":[\""
                    + first.at("lease_id") + "\"]}");
            assertEquals(List.of(1L), stale.at("skipped"), "the first push's lease was replaced");
            Http.Resp ack = post("/v0/topics/q/ack", "{\"node\":\"w\",\"seqs\":[1],\"lease_ids\":[\""
                    + again.at("lease_id") + "\"]}");
            assertEquals(1L, ack.num("acked"));
            assertEquals("2", job(s).id());
        }
    }

    @Test
    void deletingTheQueueEndsTheStreamWithATerminalError() {
        append("q", "1");
        try (SseClient s = work("node=w")) {
            job(s);
            assertEquals(200, delete("/v0/topics/q").status());
            SseClient.Frame e = s.next();
            assertEquals("error", e.event());
            assertNull(e.id());
            assertEquals(Map.of("code", 404L, "error", "the queue was deleted", "kind", "topic_not_found",
                    "terminal", true), e.json());
            s.awaitEnd();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
    }

    @Test
    void stoppingTheServerEndsTheStreamWithShuttingDown() {
        try (SseClient s = work("node=w")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 1);
            server.close();
            SseClient.Frame e = s.next();
            assertEquals("error", e.event());
            assertEquals("shutting_down", e.at("kind"));
            assertEquals(503L, num(e.at("code")));
            assertEquals(true, e.at("terminal"));
            s.awaitEnd();
        }
    }

    /** Opens a stream that must fail; returns its status and error body. */
    Map.Entry<Integer, Object> refused(String path, String... headers) {
        try (SseClient c = SseClient.open(server.port(), path, headers)) {
            return Map.entry(c.status, c.errorBody == null ? "" : JsonValue.parse(c.errorBody));
        }
    }

    @Test
    void errorsBeforeTheStreamOpens() {
        assertEquals(201, put("/v0/topics/log", "{}").status());
        Map.Entry<Integer, Object> noNode = refused("/v0/topics/q/work?max=2");
        assertEquals(400, noNode.getKey());
        assertEquals("node", JsonValue.at(noNode.getValue(), "error.detail.field"));
        assertEquals(400, refused("/v0/topics/q/work?node=").getKey(), "an empty node");
        assertEquals(400, refused("/v0/topics/q/work?node=w&max=-1").getKey());
        assertEquals(400, refused("/v0/topics/q/work?node=w&lease_ms=1.5").getKey());
        assertEquals(400, refused("/v0/topics/-q/work?node=w").getKey(), "an invalid name");
        Map.Entry<Integer, Object> missing = refused("/v0/topics/nope/work?node=w");
        assertEquals(404, missing.getKey());
        assertEquals("topic_not_found", JsonValue.at(missing.getValue(), "error.code"));
        assertEquals(404, get("/v0/topics/nope").status(), "never created");
        Map.Entry<Integer, Object> log = refused("/v0/topics/log/work?node=w");
        assertEquals(409, log.getKey());
        assertEquals("not_a_queue", JsonValue.at(log.getValue(), "error.code"));
        Map.Entry<Integer, Object> json = refused("/v0/topics/q/work?node=w", "Accept: application/json");
        assertEquals(406, json.getKey());
        assertEquals("not_acceptable", JsonValue.at(json.getValue(), "error.code"));
        try (SseClient any = work("node=w&max=0", "Accept: text/html, */*")) {
            assertEquals(200, any.status);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
    }

    int openStreams() {
        return ((Number) get("/v0/metrics", "Accept", "application/json").at("gauges.seqlog_sse_connections"))
                .intValue();
    }
}
