package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.seqlog.server.http.RouterRoutesTest.body;
import static dev.seqlog.server.http.RouterRoutesTest.path;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routers at work over HTTP (API §7, SEMANTICS §12): copies reach the destination in source order with what the
 * router preserves, filters select by tag, exactly-once copies carry their key, and the router's
 * {@code forwarded_total} and {@code cursor} follow. Forwarding is asynchronous, so every check waits for the
 * destination or the router to catch up.
 */
class RouterForwardingTest extends ServerTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(20);

    void router(String name, String source, String dest, String more) {
        Http.Resp r = put(path(name), body(source, dest, more));
        assertEquals(201, r.status(), r.toString());
    }

    /** Every record of a topic, with tags and meta. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> records(String topic) {
        Http.Resp r = post("/v0/topics/" + topic + "/diff", "{\"from_seq\":0,\"limit\":1000,\"include_tags\":true}");
        assertEquals(200, r.status(), r.toString());
        return (List<Map<String, Object>>) r.at("records");
    }

    void awaitCopies(String dest, int n) {
        await().atMost(CATCH_UP).until(() -> records(dest).size() >= n);
        assertEquals(n, records(dest).size(), "no more copies than source records");
    }

    void awaitProgress(String router, long cursor, long forwarded) {
        await().atMost(CATCH_UP).until(() -> get(path(router)).num("cursor") >= cursor);
        Http.Resp r = get(path(router));
        assertEquals(cursor, r.num("cursor"), r.toString());
        assertEquals(forwarded, r.num("forwarded_total"), r.toString());
    }

    @Test
    void copiesCarryDataMetaNodeAndTagInSourceOrder() {
        router("src->dst", "src", "dst", "");
        assertEquals(200, post("/v0/topics/src", "{\"node\":\"n1\",\"records\":[{\"data\":{\"a\":1},\"tag\":\"t1\","
                + "\"meta\":{\"m\":1}},{\"data\":[1,2.50]},{\"data\":\"x\",\"tag\":\"t3\"}]}").status());
        awaitCopies("dst", 3);
        List<Map<String, Object>> copies = records("dst");
        List<Map<String, Object>> originals = records("src");
        for (int i = 0; i < 3; i++) {
            Map<String, Object> c = copies.get(i);
            Map<String, Object> o = originals.get(i);
            assertEquals(i + 1L, c.get("$seq"), "copies take the destination's seqs");
            assertEquals(o.get("data"), c.get("data"));
            assertEquals(o.get("meta"), c.get("meta"));
            assertEquals("n1", c.get("$node"));
            assertEquals(o.get("$tag"), c.get("$tag"));
        }
        assertTrue(post("/v0/topics/dst/diff", "{}").text().contains("\"data\":[1,2.50]"), "payload bytes kept");
        awaitProgress("src->dst", 3, 3);
    }

    @Test
    void onlyRecordsCommittedAfterCreationAreForwarded() {
        append("src", "\"before-1\"", "\"before-2\"");
        router("src->dst", "src", "dst", "");
        append("src", "\"after\"");
        awaitCopies("dst", 1);
        assertEquals("after", records("dst").get(0).get("data"));
        awaitProgress("src->dst", 3, 1);
    }

    @Test
    void aFilterSelectsByTagAndPreserveFlagsStripNodeAndTag() {
        router("sel", "src", "dst", "\"filter\":[\"tag\",\"Glob\",\"keep:*\"],\"preserve_node\":false,"
                + "\"preserve_tag\":false");
        assertEquals(200, post("/v0/topics/src", "{\"node\":\"n\",\"records\":[{\"data\":1,\"tag\":\"keep:1\"},"
                + "{\"data\":2,\"tag\":\"drop:1\"},{\"data\":3},{\"data\":4,\"tag\":\"keep:2\"},"
                + "{\"data\":5,\"tag\":\"keep\"}]}").status());
        awaitProgress("sel", 5, 2);
        List<Map<String, Object>> copies = records("dst");
        assertEquals(List.of(1L, 4L), copies.stream().map(c -> c.get("data")).toList());
        for (Map<String, Object> c : copies) {
            assertFalse(c.containsKey("$node"), c.toString());
            assertFalse(c.containsKey("$tag"), c.toString());
        }
    }

    @Test
    void aBareStringFilterIsAnExactTagMatch() {
        router("eq", "src", "dst", "\"filter\":\"a\"");
        assertEquals(200, post("/v0/topics/src", "{\"records\":[{\"data\":1,\"tag\":\"a\"},{\"data\":2,\"tag\":\"ab\"},"
                + "{\"data\":3,\"tag\":\"a\"}]}").status());
        awaitProgress("eq", 3, 2);
        assertEquals(List.of(1L, 3L), records("dst").stream().map(c -> c.get("data")).toList());
    }

    @Test
    void exactlyOnceCopiesCarryTheirKeyInMeta() {
        router("s->eo", "s", "eo", "\"guarantee\":\"exactly_once\"");
        assertEquals(200, post("/v0/topics/s", "{\"records\":[{\"data\":1,\"meta\":{\"k\":\"v\"}},"
                + "{\"data\":2,\"meta\":{\"_topics_router\":\"forged\"}}]}").status());
        awaitCopies("eo", 2);
        List<Map<String, Object>> copies = records("eo");
        for (int i = 0; i < 2; i++) {
            Object key = JsonValue.at(copies.get(i), "meta._topics_router");
            assertTrue(key instanceof Map, "the reserved key is the server's object: " + copies.get(i));
            assertEquals("s->eo", JsonValue.at(key, "router"));
            assertEquals("s", JsonValue.at(key, "source_topic"));
            assertEquals(i + 1L, JsonValue.at(key, "source_seq"));
            String idem = (String) JsonValue.at(key, "idempotency_key");
            assertTrue(idem.startsWith("router:s->eo:s:") && idem.endsWith(":" + (i + 1)), idem);
        }
        assertEquals("v", JsonValue.at(copies.get(0), "meta.k"), "the writer's meta is kept");
        awaitProgress("s->eo", 2, 2);
    }

    @Test
    void aCycleOfAllowCycleRoutersStopsAtTheHopLimit() {
        router("a->b", "a", "b", "\"allow_cycle\":true");
        router("b->a", "b", "a", "\"allow_cycle\":true");
        append("a", "\"ping\"");
        // a holds hops 0, 2, 4, 6, 8 and b hops 1, 3, 5, 7: neither router forwards a record at hop 8 or more
        awaitSettled(5, 4);
    }

    @Test
    void oneAllowCycleRouterBoundsACycleThatOthersCloseFreely() {
        router("a->b", "a", "b", "");
        router("b->a", "b", "a", "\"allow_cycle\":true");
        append("a", "\"ping\"");
        // a->b forwards whatever the hop count; b->a stops at hop 9, the copy of a's hop-8 record
        awaitSettled(5, 5);
    }

    /**
     * Waits until topics a and b of a two-router cycle hold these many records and both routers have caught up with
     * them, so nothing is left to forward. A cycle the hop limit fails to stop never settles.
     */
    void awaitSettled(long a, long b) {
        await().atMost(CATCH_UP).untilAsserted(() -> {
            assertEquals(a, head("a"));
            assertEquals(b, head("b"));
            assertEquals(a, get(path("a->b")).num("cursor"));
            assertEquals(b, get(path("b->a")).num("cursor"));
        });
    }

    @Test
    void deletingARouterKeepsItsCopies() {
        router("src->dst", "src", "dst", "");
        append("src", "1", "2");
        awaitCopies("dst", 2);
        assertEquals(true, delete(path("src->dst")).at("deleted"));
        assertEquals(List.of(1L, 2L), records("dst").stream().map(c -> c.get("data")).toList());
    }
}
