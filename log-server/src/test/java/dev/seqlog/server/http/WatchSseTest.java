package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSE watch (API §8) over real sockets: sessions, every frame type, resume paths and errors. */
class WatchSseTest extends ServerTest {

    String createWatch(String body) {
        Http.Resp r = post("/v0/watch", body);
        assertEquals(200, r.status(), r.toString());
        return (String) r.at("wid");
    }

    SseClient stream(String wid, String... headers) {
        SseClient c = SseClient.open(server.port(), "/v0/watch/" + wid, headers);
        assertEquals(200, c.status, c.errorBody);
        return c;
    }

    static String cursorId(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(json));
    }

    @Test
    void aSessionStreamsRecordsCaughtUpAndHeartbeatsWithCompositeIds() {
        append("a", "1", "2");
        append("b", "3");
        Http.Resp r = post("/v0/watch", "{\"topics\":{\"a\":{\"from_seq\":0},\"b\":{\"tail\":true}},\"heartbeat_ms\":1000}");
        assertEquals(200, r.status());
        String wid = (String) r.at("wid");
        assertTrue(wid.matches("wid_[A-Za-z0-9_-]{22}"), wid);
        assertEquals("/v0/watch/" + wid, r.at("stream_url"));
        assertEquals(300000L, r.num("session_ttl_ms"));
        assertEquals(0L, r.num("topics.a.from_seq"));
        assertEquals(2L, r.num("topics.a.head_seq"));
        assertEquals(1L, r.num("topics.b.from_seq"));
        try (SseClient s = stream(wid, "Accept: text/event-stream")) {
            assertEquals("text/event-stream; charset=utf-8", s.headers.get("content-type"));
            assertEquals("no-store", s.headers.get("cache-control"));
            assertEquals("no", s.headers.get("x-accel-buffering"));
            SseClient.Frame retry = s.next(Duration.ofSeconds(10), true);
            assertEquals("2000", retry.retry());
            assertTrue(s.next(Duration.ofSeconds(10), true).comment().startsWith("hb "));
            SseClient.Frame rec = s.next();
            assertEquals("record", rec.event());
            assertEquals("a", rec.at("topic"));
            assertEquals(0L, ((Number) rec.at("from_seq")).longValue());
            assertEquals(2L, ((Number) rec.at("to_seq")).longValue());
            assertEquals(2, ((List<?>) rec.at("records")).size());
            assertEquals(Map.of("a", 2L, "b", 1L), rec.cursors());
            assertEquals("{\"a\":2,\"b\":1}", new String(Base64.getUrlDecoder().decode(rec.id())));
            SseClient.Frame c1 = s.next();
            SseClient.Frame c2 = s.next();
            assertEquals("caught-up", c1.event());
            assertEquals("caught-up", c2.event());
            append("b", "4");
            SseClient.Frame live = s.next();
            assertEquals("b", live.at("topic"));
            assertEquals(Map.of("a", 2L, "b", 2L), live.cursors());
            SseClient.Frame hb = s.next(Duration.ofSeconds(10), true);
            assertNotNull(hb.comment(), "an idle stream sends heartbeats");
            assertNull(hb.id());
        }
    }

    @Test
    void aCursorBelowTheFloorGetsFromSeqTooOldThenRecords() {
        assertEquals(201, put("/v0/topics/t", "{\"cap_records\":3}").status());
        for (int i = 0; i < 10; i++) {
            append("t", String.valueOf(i));
        }
        String wid = createWatch("{\"topics\":{\"t\":{\"from_seq\":2}}}");
        try (SseClient s = stream(wid)) {
            SseClient.Frame t = s.next();
            assertEquals("tombstone", t.event());
            assertEquals("from_seq_too_old", t.at("reason"));
            assertEquals(3L, ((Number) t.at("gap_from")).longValue());
            assertEquals(7L, ((Number) t.at("gap_to")).longValue());
            assertEquals(Map.of("t", 7L), t.cursors());
            SseClient.Frame rec = s.next();
            assertEquals(3, ((List<?>) rec.at("records")).size());
        }
    }

    @Test
    void aDeletedTopicEndsForThatTopicOnlyAndARecreatedNameIsNotFollowed() {
        append("a", "1");
        append("b", "1");
        String wid = createWatch("{\"topics\":{\"a\":{\"tail\":true},\"b\":{\"tail\":true}}}");
        try (SseClient s = stream(wid)) {
            s.next();
            s.next();
            assertEquals(200, delete("/v0/topics/a").status());
            SseClient.Frame d = s.next();
            assertEquals("topic-deleted", d.event());
            assertEquals("deleted", d.at("reason"));
            assertEquals(Map.of("b", 1L), d.cursors());
            append("a", "\"again\"");
            append("b", "2");
            SseClient.Frame rec = s.next();
            assertEquals("b", rec.at("topic"));
            assertEquals(Map.of("b", 2L), rec.cursors());
        }
    }

    @Test
    void anInstanceDeletedBeforeTheStreamOpensIsReportedAtOpen() {
        append("a", "1");
        String wid = createWatch("{\"topics\":{\"a\":{\"from_seq\":0}}}");
        delete("/v0/topics/a");
        append("a", "\"new instance\"");
        try (SseClient s = stream(wid)) {
            SseClient.Frame d = s.next();
            assertEquals("topic-deleted", d.event());
            assertEquals("a", d.at("topic"));
        }
    }

    @Test
    void aReconnectResumesFromTheSessionAndLastEventIdOnlyRewinds() {
        append("t", "1", "2", "3");
        String wid = createWatch("{\"topics\":{\"t\":{\"from_seq\":0}}}");
        try (SseClient s = stream(wid)) {
            assertEquals(3, ((List<?>) s.next().at("records")).size());
            s.next();
        }
        try (SseClient s = stream(wid)) {
            assertEquals("caught-up", s.next().event(), "the session kept the cursor: nothing is sent twice");
        }
        append("t", "4");
        try (SseClient s = stream(wid, "Last-Event-ID: " + cursorId("{\"t\":1}"))) {
            assertEquals(1L, ((Number) s.next().at("from_seq")).longValue(), "Last-Event-ID rewinds");
        }
        try (SseClient s = stream(wid, "Last-Event-ID: " + cursorId("{\"t\":0}").replace('A', '*'))) {
            assertEquals(4L, ((Number) s.next().at("head_seq")).longValue());
        }
        try (SseClient s = stream(wid, "Last-Event-ID: " + cursorId("{\"t\":9}"))) {
            assertEquals("caught-up", s.next().event(), "Last-Event-ID never advances");
        }
    }

    @Test
    void theCursorFieldOfANewSessionOverridesTheStarts() {
        append("t", "1", "2", "3");
        Http.Resp r = post("/v0/watch", "{\"topics\":{\"t\":{\"tail\":true}},\"cursor\":\"" + cursorId("{\"t\":1,\"x\":5}") + "\"}");
        assertEquals(1L, r.num("topics.t.from_seq"));
        assertEquals(400, post("/v0/watch", "{\"topics\":{\"t\":{}},\"cursor\":\"%%%\"}").status());
        assertEquals("invalid_request", post("/v0/watch", "{\"topics\":{\"t\":{}},\"cursor\":\"" + cursorId("[1]") + "\"}").code());
    }

    @Test
    void aSecondStreamSupersedesTheFirst() {
        append("t", "1");
        String wid = createWatch("{\"topics\":{\"t\":{\"tail\":true}}}");
        try (SseClient first = stream(wid)) {
            first.next();
            try (SseClient second = stream(wid)) {
                SseClient.Frame err = first.next();
                assertEquals("error", err.event());
                assertEquals("superseded", err.at("kind"));
                assertEquals(409L, ((Number) err.at("code")).longValue());
                assertEquals(true, err.at("terminal"));
                assertNull(err.id());
                first.awaitEnd();
                assertEquals("caught-up", second.next().event());
                append("t", "2");
                assertEquals("record", second.next().event());
            }
        }
    }

    @Test
    void requestErrorsComeBeforeTheStream() {
        append("t", "1");
        assertEquals("invalid_request", post("/v0/watch", "{}").code());
        assertEquals("invalid_request", post("/v0/watch", "{\"topics\":{}}").code());
        assertEquals("invalid_request", post("/v0/watch", "{\"topics\":[]}").code());
        assertEquals("invalid_request", post("/v0/watch", "{\"topics\":{\"bad name\":{}}}").code());
        assertEquals("invalid_request", post("/v0/watch", "{\"topics\":{\"t\":{\"from_seq\":-1}}}").code());
        assertEquals("invalid_request", post("/v0/watch", "{\"topics\":{\"t\":{}},\"consistency\":\"now\"}").code());
        assertEquals("topic_not_found", post("/v0/watch", "{\"topics\":{\"t\":{},\"nope\":{}}}").code());
        Http.Resp lenient = post("/v0/watch?lenient=true", "{\"topics\":{\"t\":{},\"nope\":{}}}");
        assertEquals(200, lenient.status());
        assertEquals(Map.of("t", Map.of("from_seq", 0L, "head_seq", 1L, "earliest_seq", 1L)), lenient.at("topics"));
        Http.Resp wrongMethod = get("/v0/watch");
        assertEquals(405, wrongMethod.status());
        assertEquals("POST", wrongMethod.header("Allow"));
        String wid = createWatch("{\"topics\":{\"t\":{}}}");
        assertEquals(400, SseClient.open(server.port(), "/v0/watch/not-a-wid").status);
        SseClient unknown = SseClient.open(server.port(), "/v0/watch/wid_AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(404, unknown.status);
        assertTrue(unknown.errorBody.contains("\"not_found\""), unknown.errorBody);
        SseClient json = SseClient.open(server.port(), "/v0/watch/" + wid, "Accept: application/json");
        assertEquals(406, json.status);
        assertEquals(200, SseClient.open(server.port(), "/v0/watch/" + wid, "Accept: text/*").status);
        assertEquals(200, SseClient.open(server.port(), "/v0/watch/" + wid, "Accept: */*").status);
    }

    @Test
    void payloadOptionsAndNodeFilteringApply() {
        assertEquals(201, put("/v0/topics/t", "{\"dedupe_node\":true}").status());
        assertEquals(200, post("/v0/topics/t", "{\"records\":[{\"data\":{\"x\":1},\"meta\":{\"m\":1},\"tag\":\"k\"},"
                + "{\"data\":2,\"node\":\"me\"}]}").status());
        String wid = createWatch("{\"topics\":{\"t\":{}},\"include_data\":false,\"include_tags\":true,"
                + "\"include_meta\":false,\"node\":\"me\"}");
        try (SseClient s = stream(wid)) {
            SseClient.Frame rec = s.next();
            assertEquals(List.of(Map.of("$seq", 1L, "$ts", ((Map<?, ?>) ((List<?>) rec.at("records")).get(0)).get("$ts"),
                    "$tag", "k")), rec.at("records"));
            assertEquals(2L, ((Number) rec.at("to_seq")).longValue(), "the reader's own record is skipped, not hidden");
        }
    }

    @Test
    void aClientClosingItsConnectionIsNoticedBeforeTheNextHeartbeat() {
        append("t", "1");
        String wid = createWatch("{\"topics\":{\"t\":{\"tail\":true}},\"heartbeat_ms\":60000}");
        SseClient s = stream(wid);
        s.next();
        assertEquals(1L, get("/v0/metrics", "Accept", "application/json").num("gauges.seqlog_sse_connections"));
        s.close();
        // with a 60 s heartbeat nothing is written to the stream meanwhile: only reading the connection tells
        await().atMost(Duration.ofSeconds(10)).until(() ->
                get("/v0/metrics", "Accept", "application/json").num("gauges.seqlog_sse_connections") == 0);
        try (SseClient again = stream(wid)) {
            assertEquals("caught-up", again.next().event(), "the session survives its client going away");
        }
    }

    @Test
    void shutdownEndsStreamsWithShuttingDown() {
        append("t", "1");
        String wid = createWatch("{\"topics\":{\"t\":{\"tail\":true}}}");
        SseClient s = stream(wid);
        s.next();
        Thread closer = new Thread(server::close);
        closer.start();
        SseClient.Frame err = s.next();
        assertEquals("error", err.event());
        assertEquals("shutting_down", err.at("kind"));
        s.awaitEnd();
        s.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !closer.isAlive());
        assertNotEquals(null, err);
    }
}
