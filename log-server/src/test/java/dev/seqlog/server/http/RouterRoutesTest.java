package dev.seqlog.server.http;

import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router control plane over HTTP (API §7.1–§7.4, §2.4, §11.3, §12.2): every field of a PUT with its default,
 * type checks and canonical echo, the errors the engine answers (not found, cycle, fan-in, incompatible update,
 * the router cap), deletion, the cascade of a topic delete, and the router gauge. Forwarding
 * itself is {@link RouterForwardingTest}'s, listing {@link RouterListingTest}'s.
 */
class RouterRoutesTest extends RouterHttpTest {
    static final List<String> PUT_FIELDS = List.of("router", "created", "source", "dest", "preserve_node",
            "preserve_tag", "filter", "allow_cycle", "guarantee", "performance");
    static final List<String> GET_FIELDS = List.of("router", "source", "dest", "preserve_node", "preserve_tag",
            "filter", "allow_cycle", "guarantee", "forwarded_total", "cursor", "created_ts", "performance");

    // ---------------------------------------------------------------------------------------------- PUT

    @Test
    void aNewRouterHasEveryFieldAtItsDefaultAndCreatesItsTopics() {
        long before = System.currentTimeMillis();
        Http.Resp r = putRouter("orders->audit", body("orders", "audit", ""));
        long after = System.currentTimeMillis();
        assertEquals(201, r.status(), r.toString());
        assertEquals(PUT_FIELDS, keys(r), "create_dest is neither stored nor echoed");
        assertEquals("orders->audit", r.at("router"));
        assertEquals(true, r.at("created"));
        assertEquals("orders", r.at("source"));
        assertEquals("audit", r.at("dest"));
        assertEquals(true, r.at("preserve_node"));
        assertEquals(true, r.at("preserve_tag"));
        assertNull(r.at("filter"));
        assertEquals(false, r.at("allow_cycle"));
        assertEquals("at_least_once", r.at("guarantee"));
        assertTrue(r.at("performance.server_total_ms") instanceof Number, r.toString());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        assertEquals(0L, head("orders"), "create_dest defaults to true: the source was created");
        assertEquals(0L, head("audit"));

        Http.Resp g = router("orders->audit");
        assertEquals(200, g.status(), g.toString());
        assertEquals(GET_FIELDS, keys(g));
        assertEquals(0L, g.num("forwarded_total"));
        assertEquals(0L, g.num("cursor"));
        assertTrue(g.num("created_ts") >= before && g.num("created_ts") <= after, g.toString());
    }

    @Test
    void everyOptionIsStoredAndEchoedAndTheCursorStartsAtTheSourceHead() {
        append("src", "1", "2", "3");
        Http.Resp r = putRouter("r1", body("src", "dst", "\"preserve_node\":false,\"preserve_tag\":false,"
                + "\"create_dest\":true,\"filter\":[\"tag\",\"Glob\",\"keep:*\"],\"allow_cycle\":true,"
                + "\"guarantee\":\"exactly_once\""));
        assertEquals(201, r.status(), r.toString());
        assertEquals(false, r.at("preserve_node"));
        assertEquals(false, r.at("preserve_tag"));
        assertEquals(List.of("tag", "Glob", "keep:*"), r.at("filter"));
        assertEquals(true, r.at("allow_cycle"));
        assertEquals("exactly_once", r.at("guarantee"));
        Http.Resp g = router("r1");
        for (String f : List.of("router", "source", "dest", "preserve_node", "preserve_tag", "filter", "allow_cycle",
                "guarantee")) {
            assertEquals(r.at(f), g.at(f), f);
        }
        assertEquals(3L, g.num("cursor"), "records committed before the router are not forwarded");
        assertEquals(0L, g.num("forwarded_total"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "null                         | null",
        "\"X\"                        | [\"tag\",\"Eq\",\"X\"]",
        "[\"tag\",\"Eq\",\"X\"]       | [\"tag\",\"Eq\",\"X\"]",
        "[\"tag\",\"Glob\",\"P*\"]    | [\"tag\",\"Glob\",\"P*\"]",
        "[\"tag\",\"Glob\",\"*\"]     | [\"tag\",\"Glob\",\"*\"]"
    })
    void aFilterIsEchoedInItsCanonicalForm(String filter, String canonical) {
        Http.Resp r = putRouter("f", body("a", "b", "\"filter\":" + filter));
        assertEquals(201, r.status(), r.toString());
        assertEquals(JsonValue.parse(canonical), r.at("filter"));
        assertEquals(JsonValue.parse(canonical), router("f").at("filter"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "{}", "[]", "[\"tag\",\"Eq\"]", "[\"tag\",\"Eq\",\"X\",\"Y\"]",
        "[\"tag\",\"Eq\",1]", "[\"node\",\"Eq\",\"X\"]", "[\"tag\",\"eq\",\"X\"]", "[\"tag\",\"Like\",\"X\"]",
        "[\"tag\",\"Glob\",\"P\"]", "[\"tag\",\"Glob\",\"P**\"]", "[\"tag\",\"Glob\",\"*P*\"]", "[[\"tag\"],\"Eq\",\"X\"]"})
    void aBadFilterIs400AndChangesNothing(String filter) {
        Http.Resp r = putRouter("f", body("a", "b", "\"filter\":" + filter));
        assertError(r, 400, "invalid_request");
        assertEquals("filter", r.at("error.detail.field"));
        assertNothingCreated("f", "a", "b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                                                              | source",
        "{\"dest\":\"b\"}                                                | source",
        "{\"source\":\"a\"}                                              | dest",
        "{\"source\":\"a\",\"dest\":\"a\"}                               | dest",
        "{\"source\":1,\"dest\":\"b\"}                                   | source",
        "{\"source\":null,\"dest\":\"b\"}                                | source",
        "{\"source\":\"a\",\"dest\":[\"b\"]}                             | dest",
        "{\"source\":\"-a\",\"dest\":\"b\"}                              | source",
        "{\"source\":\"a\",\"dest\":\"b c\"}                             | dest",
        "{\"source\":\"a\",\"dest\":\"b>c\"}                             | dest",
        "{\"source\":\"a\",\"dest\":\"b\",\"preserve_node\":\"yes\"}     | preserve_node",
        "{\"source\":\"a\",\"dest\":\"b\",\"preserve_tag\":1}            | preserve_tag",
        "{\"source\":\"a\",\"dest\":\"b\",\"create_dest\":null}          | create_dest",
        "{\"source\":\"a\",\"dest\":\"b\",\"allow_cycle\":\"true\"}      | allow_cycle",
        "{\"source\":\"a\",\"dest\":\"b\",\"guarantee\":\"once\"}        | guarantee",
        "{\"source\":\"a\",\"dest\":\"b\",\"guarantee\":\"AT_LEAST_ONCE\"} | guarantee",
        "{\"source\":\"a\",\"dest\":\"b\",\"guarantee\":1}               | guarantee",
        "{\"source\":\"a\",\"dest\":\"b\",\"guarantee\":null}            | guarantee"
    })
    void validationErrorsNameTheFieldAndChangeNothing(String json, String field) {
        Http.Resp r = putRouter("v", json);
        assertError(r, 400, "invalid_request");
        assertEquals(field, r.at("error.detail.field"), r.toString());
        assertNothingCreated("v", "a", "b");
    }

    @Test
    void anInvalidTopicNameIsNamedAsATopic() {
        Http.Resp r = putRouter("v", body("a", "-b", ""));
        assertError(r, 400, "invalid_request");
        assertEquals("-b", r.at("error.detail.topic"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[]", "\"x\"", "{\"source\":\"a\",\"dest\":\"b\"} trailing"})
    void malformedBodiesAre400(String json) {
        assertError(putRouter("m", json), 400, "invalid_request");
        assertNothingCreated("m", "a", "b");
    }

    @Test
    void anEmptyBodyLacksTheRequiredFields() {
        Http.Resp r = raw("PUT", path("e"), null, new byte[0]);
        assertError(r, 400, "invalid_request");
        assertEquals("source", r.at("error.detail.field"));
    }

    @Test
    void unknownFieldsAreIgnoredAsOnATopicPut() {
        Http.Resp r = putRouter("u", body("a", "b", "\"colour\":\"red\",\"nested\":{\"x\":[1,{\"y\":null}]}"));
        assertEquals(201, r.status(), r.toString());
        assertEquals(PUT_FIELDS, keys(r));
    }

    @ParameterizedTest
    @CsvSource({"PUT, -x", "PUT, a%20b", "GET, .x", "DELETE, a*b", "GET, a%2Fb", "PUT, %3Ex"})
    void invalidRouterNamesAre400NamingTheRouter(String method, String name) {
        Http.Resp r = raw(method, "/v0/routers/" + name, method.equals("PUT") ? JSON : null,
                method.equals("PUT") ? utf8("{not json") : null);
        assertError(r, 400, "invalid_request");
        assertTrue(r.at("error.detail.router") instanceof String, "the name is checked before the body: " + r);
    }

    @Test
    void aRouterNameMayCarryAnArrowRawOrPercentEncoded() {
        Http.Resp r = put("/v0/routers/orders-%3Eaudit", body("orders", "audit", ""));
        assertEquals(201, r.status(), r.toString());
        assertEquals("orders->audit", r.at("router"));
        String raw = RawHttp.send(server.port(), "GET /v0/routers/orders->audit HTTP/1.1", null);
        assertEquals(200, RawHttp.status(raw), raw);
        assertEquals("orders->audit", JsonValue.at(JsonValue.parse(RawHttp.body(raw)), "router"));
        byte[] json = utf8(body("orders", "audit", ""));
        String again = RawHttp.send(server.port(), "PUT /v0/routers/orders->audit HTTP/1.1\r\nContent-Type: "
                + "application/json\r\nContent-Length: " + json.length, json);
        assertEquals(200, RawHttp.status(again), again);
        String gone = RawHttp.send(server.port(), "DELETE /v0/routers/orders->audit HTTP/1.1", null);
        assertEquals(true, JsonValue.at(JsonValue.parse(RawHttp.body(gone)), "deleted"), gone);
        for (String target : List.of("/v0/routers/a<b", "/v0/routers/a{b", "/v0/topics/a\"b", "/v0/routers?prefix=|",
                "/v0/topics/\u00e9")) {
            String refused = RawHttp.send(server.port(), "GET " + target + " HTTP/1.1", null);
            assertEquals(400, RawHttp.status(refused), target + " -> " + refused);
            assertEquals("invalid_request", JsonValue.at(JsonValue.parse(RawHttp.body(refused)), "error.code"));
        }
    }

    void assertNothingCreated(String router, String... topics) {
        assertError(router(router), 404, "router_not_found");
        for (String t : topics) {
            assertEquals(-1L, head(t), t + " was created");
        }
    }

    // ----------------------------------------------------------------------------------- engine errors

    @Test
    void anUnknownRouterIs404() {
        Http.Resp r = router("nope");
        assertError(r, 404, "router_not_found");
        assertEquals("nope", r.at("error.detail.router"));
    }

    @Test
    void withoutCreateDestAMissingEndpointIs404NamingIt() {
        assertEquals(201, put("/v0/topics/present", "{}").status());
        Http.Resp dest = putRouter("r", body("present", "absent", "\"create_dest\":false"));
        assertError(dest, 404, "topic_not_found");
        assertEquals("absent", dest.at("error.detail.topic"));
        Http.Resp source = putRouter("r", body("absent", "present", "\"create_dest\":false"));
        assertError(source, 404, "topic_not_found");
        assertEquals("absent", source.at("error.detail.topic"));
        assertNothingCreated("r", "absent");
        assertEquals(201, put("/v0/topics/other", "{}").status());
        assertEquals(201, putRouter("r", body("present", "other", "\"create_dest\":false")).status());
    }

    @Test
    void aRouterClosingACycleIs409UnlessCyclesAreAllowed() {
        created("a>b", "a", "b");
        created("b>c", "b", "c");
        Http.Resp r = putRouter("c>a", body("c", "a", ""));
        assertError(r, 409, "router_cycle");
        List<?> cycle = (List<?>) r.at("error.detail.cycle");
        assertEquals(4, cycle.size(), r.toString());
        assertEquals(cycle.get(0), cycle.get(3), "the first name is repeated at the end");
        List<String> edges = List.of("a>b", "b>c", "c>a");
        for (int i = 0; i < 3; i++) {
            assertTrue(edges.contains(cycle.get(i) + ">" + cycle.get(i + 1)), r.toString());
        }
        assertError(router("c>a"), 404, "router_not_found");

        Http.Resp allowed = putRouter("c>a", body("c", "a", "\"allow_cycle\":true"));
        assertEquals(201, allowed.status(), allowed.toString());
        Http.Resp tightened = putRouter("c>a", body("c", "a", "\"allow_cycle\":false"));
        assertError(tightened, 409, "router_cycle");
        assertEquals(true, router("c>a").at("allow_cycle"), "a refused update changes nothing");
    }

    @Test
    void aDerivedDestinationTakesRoutersFromItsOneSourceOnly() {
        created("a->d", "a", "d");
        Http.Resp r = putRouter("b->d", body("b", "d", ""));
        assertError(r, 409, "topic_exists_incompatible");
        assertEquals("router_dest_fan_in", r.at("error.detail.reason"));
        assertEquals("d", r.at("error.detail.topic"));
        assertError(router("b->d"), 404, "router_not_found");
        created("a->d.again", "a", "d");
    }

    @Test
    void existenceThenFanInThenCycleDecideWhenSeveralApply() {
        created("a->b", "a", "b");
        created("b->c", "b", "c");
        Http.Resp missing = putRouter("x", body("nowhere", "b", "\"create_dest\":false"));
        assertError(missing, 404, "topic_not_found"); // would also be fan-in into b
        assertEquals("nowhere", missing.at("error.detail.topic"));
        Http.Resp fanIn = putRouter("x", body("c", "b", "")); // would also close b -> c -> b
        assertError(fanIn, 409, "topic_exists_incompatible");
        assertEquals("router_dest_fan_in", fanIn.at("error.detail.reason"));
        assertNothingCreated("x", "nowhere");
    }

    @Test
    void changingSourceOrDestOfAnExistingRouterIs409() {
        created("r", "a", "b");
        Http.Resp dest = putRouter("r", body("a", "c", ""));
        assertError(dest, 409, "router_exists_incompatible");
        assertEquals("r", dest.at("error.detail.router"));
        assertEquals("dest", dest.at("error.detail.field"));
        Http.Resp source = putRouter("r", body("c", "b", ""));
        assertError(source, 409, "router_exists_incompatible");
        assertEquals("source", source.at("error.detail.field"));
        assertEquals("a", router("r").at("source"));
        assertEquals("b", router("r").at("dest"));
    }

    @Test
    void anIdenticalPutIsA200NoOp() {
        String json = body("a", "b", "\"filter\":\"X\",\"guarantee\":\"exactly_once\"");
        assertEquals(201, putRouter("r", json).status());
        Http.Resp first = router("r");
        Http.Resp same = putRouter("r", json);
        assertEquals(200, same.status(), same.toString());
        assertEquals(false, same.at("created"));
        assertEquals(List.of("tag", "Eq", "X"), same.at("filter"));
        Http.Resp after = router("r");
        for (String f : GET_FIELDS.subList(0, GET_FIELDS.size() - 1)) {
            assertEquals(first.at(f), after.at(f), f);
        }
    }

    @Test
    void anUpdateResetsOmittedOptionsToTheirDefaults() {
        assertEquals(201, putRouter("r", body("a", "b", "\"preserve_node\":false,\"preserve_tag\":false,"
                + "\"filter\":\"X\",\"allow_cycle\":true,\"guarantee\":\"exactly_once\"")).status());
        long createdTs = router("r").num("created_ts");
        Http.Resp r = putRouter("r", body("a", "b", ""));
        assertEquals(200, r.status(), r.toString());
        assertEquals(false, r.at("created"));
        assertEquals(true, r.at("preserve_node"));
        assertEquals(true, r.at("preserve_tag"));
        assertNull(r.at("filter"));
        assertEquals(false, r.at("allow_cycle"));
        assertEquals("at_least_once", r.at("guarantee"));
        assertEquals(createdTs, router("r").num("created_ts"), "an update keeps the creation time");
    }

    @Test
    void theRouterCapRefusesANewRouterBeforeCreatingAnyTopic() throws Exception {
        ServerConfig config = ServerConfig.fromEnv(Map.of("SEQLOG_MAX_ROUTERS", "1", "SEQLOG_SHUTDOWN_GRACE_MS",
                "2000")).withPort(0).withDataDir(null);
        try (SeqlogServer capped = start(config)) {
            URI b = capped.baseUri();
            assertEquals(201, Http.send(b, "PUT", path("one"), JSON, utf8(body("a", "b", "")), headers()).status());
            Http.Resp r = Http.send(b, "PUT", path("two"), JSON, utf8(body("c", "d", "")), headers());
            assertError(r, 429, "throttled");
            assertEquals("max_routers", r.at("error.detail.limit"));
            assertEquals(1L, r.num("error.detail.max"));
            assertEquals("1", r.header("Retry-After"));
            Http.Resp first = Http.send(b, "PUT", path("two"), JSON, utf8(body("c", "d", "\"create_dest\":false")),
                    headers());
            assertError(first, 429, "throttled"); // the cap comes before the topics' existence (API §7.1)
            for (String t : List.of("c", "d")) {
                assertEquals(404, Http.send(b, "GET", "/v0/topics/" + t, null, null, headers()).status(),
                        "a refused router leaves no stray topic " + t);
            }
            assertEquals(200, Http.send(b, "PUT", path("one"), JSON, utf8(body("a", "b", "\"filter\":\"x\"")),
                    headers()).status(), "updating an existing router is not a creation");
            assertEquals(200, Http.send(b, "DELETE", path("one"), null, null, headers()).status());
            assertEquals(201, Http.send(b, "PUT", path("two"), JSON, utf8(body("c", "d", "")), headers()).status());
        }
    }

    // ------------------------------------------------------------------------------------------ delete

    @Test
    void deleteIsIdempotent() {
        created("a->b", "a", "b");
        Http.Resp r = delete(path("a->b"));
        assertEquals(200, r.status(), r.toString());
        assertEquals(List.of("router", "deleted", "performance"), keys(r));
        assertEquals("a->b", r.at("router"));
        assertEquals(true, r.at("deleted"));
        Http.Resp again = delete(path("a->b"));
        assertEquals(200, again.status());
        assertEquals(false, again.at("deleted"));
        assertError(router("a->b"), 404, "router_not_found");
        assertEquals(0L, head("b"), "the topics stay");
    }

    @Test
    void deletingATopicRemovesEveryRouterOnItInNameOrder() {
        created("x->s", "x", "s");
        created("s->d2", "s", "d2");
        created("s->d1", "s", "d1");
        created("u->v", "u", "v");
        Http.Resp r = delete("/v0/topics/s");
        assertEquals(200, r.status(), r.toString());
        assertEquals(true, r.at("deleted"));
        assertEquals(List.of("s->d1", "s->d2", "x->s"), r.at("routers_removed"));
        for (String gone : List.of("s->d1", "s->d2", "x->s")) {
            assertError(router(gone), 404, "router_not_found");
        }
        assertEquals(200, router("u->v").status());
        assertEquals(List.of("u->v"), names("/v0/routers"));
        assertEquals(List.of(), delete("/v0/topics/s").at("routers_removed"));
    }

    @Test
    void routerRoutesAnswer405ForOtherMethods() {
        Http.Resp list = raw("POST", "/v0/routers", JSON, utf8("{}"));
        assertError(list, 405, "method_not_allowed");
        assertEquals("GET", list.header("Allow"));
        Http.Resp one = raw("POST", path("r"), JSON, utf8("{}"));
        assertError(one, 405, "method_not_allowed");
        assertEquals("PUT, GET, DELETE", one.header("Allow"));
        assertError(get("/v0/routers/"), 404, "not_found");
        assertError(get("/v0/routers/a/b"), 404, "not_found");
    }

    // ------------------------------------------------------------------------------------------ metrics

    @Test
    void theRouterGaugeCountsRouters() {
        assertEquals(0L, routerGauge());
        created("a->b", "a", "b");
        created("a->c", "a", "c");
        assertEquals(2L, routerGauge());
        assertTrue(get("/v0/metrics").text().contains("\nseqlog_routers 2\n"));
        delete(path("a->b"));
        assertEquals(1L, routerGauge());
        delete("/v0/topics/a");
        assertEquals(0L, routerGauge(), "a topic delete's cascade is counted too");
    }

    long routerGauge() {
        return get("/v0/metrics", "Accept", "application/json").num("gauges.seqlog_routers");
    }
}
