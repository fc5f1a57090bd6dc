package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads and long-polls (API §4). */
class DiffTest extends ServerTest {
    private CompletableFuture<Http.Resp> diffAsync(String topic, String body) {
        return Http.sendAsync(base, "POST", "/v0/topics/" + topic + "/diff", JSON, utf8(body), headers());
    }

    @Test
    void readsAfterTheCursor() {
        append("r", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        Http.Resp r = post("/v0/topics/r/diff", "{\"from_seq\":1,\"limit\":1}");
        assertEquals(200, r.status(), r.toString());
        assertEquals("r", r.at("topic"));
        assertEquals(1, ((List<?>) r.at("records")).size());
        assertEquals(2L, r.at("records.0.$seq"));
        assertNotNull(r.at("records.0.$ts"));
        assertEquals(Map.of("n", 2L), r.at("records.0.data"));
        assertEquals(2L, r.at("next_from_seq"));
        assertEquals(3L, r.at("head_seq"));
        assertEquals(1L, r.at("earliest_seq"));
        assertEquals(false, r.at("caught_up"));
        assertNull(r.at("tombstone"));
        assertTrue(((Map<?, ?>) r.json()).containsKey("tombstone"));
        assertEquals(1L, r.at("lag"));
        assertNotNull(r.at("performance.records_scanned"));
        Http.Resp all = raw("POST", "/v0/topics/r/diff", null, new byte[0]);
        assertEquals(3, ((List<?>) all.at("records")).size());
        assertEquals(true, all.at("caught_up"));
        assertNotNull(get("/v0/topics/r?touch=false").at("last_read_ts"));
    }

    @Test
    void nodeFilterAndMetaAndTagsOptions() {
        post("/v0/topics/nf", "{\"records\":[{\"data\":1,\"node\":\"a\",\"tag\":\"t\",\"meta\":{\"m\":1}},"
                + "{\"data\":2,\"node\":\"b\"},{\"data\":3}]}");
        Http.Resp r = post("/v0/topics/nf/diff", "{\"node\":[\"a\",\"b\"]}");
        assertEquals(1, ((List<?>) r.at("records")).size());
        assertEquals(3L, r.at("records.0.$seq"));
        assertEquals(3L, r.at("next_from_seq"));
        Http.Resp plain = post("/v0/topics/nf/diff", "{\"include_meta\":false}");
        assertNull(r.at("records.0.meta"));
        assertNull(plain.at("records.0.meta"));
        assertNull(plain.at("records.0.$tag"));
        Http.Resp full = post("/v0/topics/nf/diff", "{\"include_tags\":true}");
        assertEquals("t", full.at("records.0.$tag"));
        assertEquals(Map.of("m", 1L), full.at("records.0.meta"));
        assertEquals("a", full.at("records.0.$node"));
    }

    @Test
    void tombstoneAfterCapEviction() {
        put("/v0/topics/cap", "{\"cap_records\":2}");
        append("cap", "1", "2", "3", "4");
        Http.Resp r = post("/v0/topics/cap/diff", "{}");
        assertEquals(1L, r.at("tombstone.gap_from"));
        assertEquals(2L, r.at("tombstone.gap_to"));
        assertEquals("cap", r.at("tombstone.reason"));
        assertEquals(3L, r.at("records.0.$seq"));
        Http.Resp ahead = post("/v0/topics/cap/diff", "{\"from_seq\":99}");
        assertEquals("recreated", ahead.at("tombstone.reason"));
    }

    @Test
    void badDiffInput() {
        append("bd", "1");
        for (String body : List.of("{\"from_seq\":-1}", "{\"limit\":\"5\"}", "{\"node\":[]}", "[1]", "{",
                "{\"wait_ms\":1.5}", "{\"include_meta\":null}")) {
            Http.Resp r = post("/v0/topics/bd/diff", body);
            assertEquals(400, r.status(), body);
            assertEquals("invalid_request", r.code());
        }
        assertEquals(415, raw("POST", "/v0/topics/bd/diff", "text/plain", utf8("{}")).status());
        assertEquals(404, post("/v0/topics/none/diff", "{}").status());
        assertEquals(200, post("/v0/topics/bd/diff", "{\"limit\":999999,\"wait_ms\":0,\"max_batch_bytes\":1}").status());
    }

    @Test
    void longPollIsWokenByAnAppend() throws Exception {
        append("lp", "1");
        CompletableFuture<Http.Resp> waiting = diffAsync("lp", "{\"from_seq\":1,\"wait_ms\":20000}");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.state().parkedPolls() == 1);
        append("lp", "{\"late\":true}");
        Http.Resp r = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.status(), r.toString());
        assertEquals(2L, r.at("records.0.$seq"));
        assertEquals(Map.of("late", true), r.at("records.0.data"));
    }

    @Test
    void longPollTimesOutCaughtUp() {
        append("to", "1");
        long start = System.nanoTime();
        Http.Resp r = post("/v0/topics/to/diff", "{\"from_seq\":1,\"wait_ms\":300}");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(200, r.status());
        assertEquals(List.of(), r.at("records"));
        assertEquals(true, r.at("caught_up"));
        assertEquals(1L, r.at("next_from_seq"));
        assertTrue(tookMs >= 250, "answered after " + tookMs + " ms");
    }

    @Test
    void longPollKeepsWaitingWhenNewRecordsAreAllFiltered() throws Exception {
        append("flt", "1");
        CompletableFuture<Http.Resp> waiting = diffAsync("flt", "{\"from_seq\":1,\"wait_ms\":20000,\"node\":\"me\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.state().parkedPolls() == 1);
        post("/v0/topics/flt", "{\"records\":[{\"data\":\"echo\"}],\"node\":\"me\"}");
        // the echo wakes the poll, which finds nothing for this reader and parks again
        await().atMost(Duration.ofSeconds(5)).until(() -> server.state().parkedPolls() == 1 && !waiting.isDone());
        post("/v0/topics/flt", "{\"records\":[{\"data\":\"other\"}],\"node\":\"you\"}");
        Http.Resp r = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(1, ((List<?>) r.at("records")).size(), r.toString());
        assertEquals("other", r.at("records.0.data"));
        assertEquals(3L, r.at("next_from_seq"));
    }

    @Test
    void topicDeletedDuringTheWaitIs404() throws Exception {
        append("del", "1");
        CompletableFuture<Http.Resp> waiting = diffAsync("del", "{\"from_seq\":1,\"wait_ms\":20000}");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.state().parkedPolls() == 1);
        delete("/v0/topics/del");
        Http.Resp r = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(404, r.status(), r.toString());
        assertEquals("topic_not_found", r.code());
    }

    @Test
    void shutdownAnswersParkedPollsAtOnce() throws Exception {
        append("sd", "1");
        CompletableFuture<Http.Resp> waiting = diffAsync("sd", "{\"from_seq\":1,\"wait_ms\":30000}");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.state().parkedPolls() == 1);
        long start = System.nanoTime();
        server.close();
        Http.Resp r = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
        assertEquals(200, r.status(), r.toString());
        assertEquals(true, r.at("caught_up"));
    }
}
