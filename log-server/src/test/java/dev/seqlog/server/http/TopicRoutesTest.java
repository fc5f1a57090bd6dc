package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic lifecycle routes (API §2). */
class TopicRoutesTest extends ServerTest {
    @Test
    void putCreatesThenIsIdempotentThenReplaces() {
        Http.Resp r = put("/v0/topics/jobs", "{\"ttl_ms\":60000,\"durable\":true,\"priority\":10}");
        assertEquals(201, r.status(), r.toString());
        assertEquals(true, r.at("created"));
        assertEquals("jobs", r.at("topic"));
        assertEquals("fsync", r.at("config.durability"));
        assertEquals(true, r.at("config.durable"));
        assertEquals(10L, r.at("config.priority"));
        assertEquals(60000L, r.at("config.ttl_ms"));
        assertNull(r.at("config.dead_letter"));
        assertTrue(((Map<?, ?>) r.at("config")).containsKey("dead_letter"));
        assertEquals(17, ((Map<?, ?>) r.at("config")).size());
        assertNotNull(r.at("performance.server_total_ms"));
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));

        Http.Resp same = put("/v0/topics/jobs", "{\"ttl_ms\":60000,\"durable\":true,\"priority\":10}");
        assertEquals(200, same.status());
        assertEquals(false, same.at("created"));

        Http.Resp reset = put("/v0/topics/jobs", null);
        assertEquals(200, reset.status());
        assertEquals(0L, reset.at("config.ttl_ms"));
        assertEquals("disk", reset.at("config.durability"));
        assertNull(reset.at("config.priority"));
    }

    @Test
    void emptyPutBodyNeedsNoContentType() {
        Http.Resp r = raw("PUT", "/v0/topics/a", null, new byte[0]);
        assertEquals(201, r.status(), r.toString());
        assertEquals("log", r.at("config.type"));
    }

    @Test
    void typeIsImmutable() {
        assertEquals(201, put("/v0/topics/q", "{\"type\":\"queue\"}").status());
        assertEquals(200, put("/v0/topics/q", "{\"lease_ms\":500}").status());
        assertEquals("queue", get("/v0/topics/q").at("type"));
        Http.Resp r = put("/v0/topics/q", "{\"type\":\"log\"}");
        assertEquals(409, r.status());
        assertEquals("topic_exists_incompatible", r.code());
    }

    @Test
    void putValidation() {
        Http.Resp bad = put("/v0/topics/t", "{\"ttl_ms\":\"soon\"}");
        assertEquals(400, bad.status());
        assertEquals("invalid_request", bad.code());
        assertEquals("ttl_ms", bad.at("error.detail.field"));
        assertEquals(400, put("/v0/topics/t", "{\"dead_letter\":\"t\"}").status());
        Http.Resp name = put("/v0/topics/-bad", "{}");
        assertEquals(400, name.status());
        assertEquals("-bad", name.at("error.detail.topic"));
        assertEquals(404, get("/v0/topics/t").status());
    }

    @Test
    void stateOfATopic() {
        put("/v0/topics/s", "{}");
        append("s", "{\"a\":1}", "2");
        Http.Resp r = get("/v0/topics/s?touch=false");
        assertEquals(200, r.status(), r.toString());
        assertEquals("s", r.at("topic"));
        assertEquals("log", r.at("type"));
        assertEquals(2L, r.at("head_seq"));
        assertEquals(1L, r.at("earliest_seq"));
        assertEquals(3L, r.at("next_seq"));
        assertEquals(2L, r.at("count"));
        assertEquals(8L, r.at("bytes"));
        assertNotNull(r.at("last_write_ts"));
        assertNull(r.at("last_read_ts"));
        assertNotNull(r.at("effective_priority"));
        assertEquals("disk", r.at("config.durability"));
        assertNotNull(get("/v0/topics/s").at("performance"));
        assertNotNull(get("/v0/topics/s?touch=false").at("last_read_ts"));
    }

    @Test
    void missingTopicIs404AndBadQueryIs400() {
        Http.Resp r = get("/v0/topics/nope");
        assertEquals(404, r.status());
        assertEquals("topic_not_found", r.code());
        assertEquals("nope", r.at("error.detail.topic"));
        assertNotNull(r.at("performance.server_total_ms"));
        put("/v0/topics/x", "{}");
        Http.Resp q = get("/v0/topics/x?touch=yes");
        assertEquals(400, q.status());
        assertEquals("touch", q.at("error.detail.field"));
    }

    @Test
    void percentEncodedNamesAreDecoded() {
        assertEquals(201, put("/v0/topics/orders%3Aeu", "{}").status());
        assertEquals("orders:eu", get("/v0/topics/orders:eu").at("topic"));
        assertEquals(400, put("/v0/topics/a%2Fb", "{}").status());
        assertEquals(400, put("/v0/topics/%E2%82%AC", "{}").status());
    }

    @Test
    void deleteTopic() {
        put("/v0/topics/d", "{}");
        append("d", "1");
        Http.Resp notEmpty = delete("/v0/topics/d?if_empty=true");
        assertEquals(409, notEmpty.status());
        assertEquals("topic_not_empty", notEmpty.code());
        Http.Resp r = delete("/v0/topics/d");
        assertEquals(200, r.status());
        assertEquals(true, r.at("deleted"));
        assertEquals(List.of(), r.at("routers_removed"));
        Http.Resp again = delete("/v0/topics/d");
        assertEquals(200, again.status());
        assertEquals(false, again.at("deleted"));
        assertEquals(404, get("/v0/topics/d").status());
        assertEquals(400, delete("/v0/topics/d?if_empty=2").status());
        append("d", "1");
        assertEquals(1L, get("/v0/topics/d").at("head_seq"));
    }

    @Test
    void listPagesInNameOrderWithPrefix() {
        for (String t : List.of("b", "a", "c", "ab", "x.1")) {
            put("/v0/topics/" + t, "{}");
        }
        Http.Resp all = get("/v0/topics");
        assertEquals(200, all.status(), all.toString());
        assertEquals(List.of("a", "ab", "b", "c", "x.1"), names(all));
        assertNull(all.at("next_cursor"));
        assertEquals("log", all.at("topics.0.type"));
        assertEquals("disk", all.at("topics.0.durability"));
        assertEquals(false, all.at("topics.0.durable"));

        Http.Resp p1 = get("/v0/topics?page_size=2");
        assertEquals(List.of("a", "ab"), names(p1));
        String cursor = (String) p1.at("next_cursor");
        assertNotNull(cursor);
        Http.Resp p2 = get("/v0/topics?page_size=2&cursor=" + java.net.URLEncoder.encode(cursor,
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of("b", "c"), names(p2));
        assertEquals(List.of("a", "ab"), names(get("/v0/topics?prefix=a")));
        assertEquals(5, names(get("/v0/topics?page_size=0")).size());
        assertEquals(5, names(get("/v0/topics?page_size=99999999999999999999999")).size());
        assertEquals(400, get("/v0/topics?page_size=-1").status());
        assertEquals("invalid_request", get("/v0/topics?cursor=not-a-cursor").code());
        assertFalse(names(get("/v0/topics?touch=1")).isEmpty());
    }

    @SuppressWarnings("unchecked") // the test's own JSON reader returns untyped maps
    static List<String> names(Http.Resp r) {
        return ((List<Map<String, Object>>) r.at("topics")).stream().map(m -> (String) m.get("topic")).toList();
    }
}
