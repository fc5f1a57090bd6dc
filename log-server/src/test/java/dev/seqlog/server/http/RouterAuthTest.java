package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.seqlog.server.http.RouterRoutesTest.body;
import static dev.seqlog.server.http.RouterRoutesTest.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Authorization of the router routes (API §1.2, §1.4, §7): PUT needs admin, GET and the listing read, DELETE
 * delete; the allowlist covers the path name and, for a PUT, the body's source and dest, checked after the body is
 * valid and before the engine; a listing shows only routers whose name, source and dest all pass.
 */
class RouterAuthTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::, adm:admin, r:read, d:delete, w:write, t42a:admin:tenant42:, "
                + "t42r:read:tenant42:, t42d:delete:tenant42:");
    }

    Http.Resp as(String key, String method, String path, String json) {
        return raw(method, path, json == null ? null : JSON, json == null ? null : utf8(json), "Authorization",
                "Bearer " + key);
    }

    void forbidden(Http.Resp r, String detailKey, String value) {
        assertEquals(403, r.status(), r.toString());
        assertEquals("forbidden", r.code());
        assertEquals(value, r.at("error.detail." + detailKey), r.toString());
    }

    void assertAbsent(String... topics) {
        for (String t : topics) {
            assertEquals(404, as("ops", "GET", "/v0/topics/" + t, null).status(), t + " was created");
        }
    }

    @Test
    void eachRouteNeedsItsScope() {
        String json = body("a", "b", "");
        for (String key : List.of("r", "d", "w")) {
            forbidden(as(key, "PUT", path("a->b"), json), "required_scope", "admin");
        }
        assertEquals(201, as("adm", "PUT", path("a->b"), json).status());
        for (String key : List.of("adm", "d", "w")) {
            forbidden(as(key, "GET", path("a->b"), null), "required_scope", "read");
            forbidden(as(key, "GET", "/v0/routers", null), "required_scope", "read");
        }
        assertEquals(200, as("r", "GET", path("a->b"), null).status());
        assertEquals(200, as("r", "GET", "/v0/routers", null).status());
        for (String key : List.of("adm", "r", "w")) {
            forbidden(as(key, "DELETE", path("a->b"), null), "required_scope", "delete");
        }
        assertEquals(true, as("d", "DELETE", path("a->b"), null).at("deleted"));
        Http.Resp none = raw("GET", "/v0/routers", null, null);
        assertEquals(401, none.status());
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        forbidden(as("r", "PUT", path("x"), "{not json"), "required_scope", "admin");
    }

    @Test
    void aPutChecksThePathNameThenTheBodyThenSourceAndDest() {
        forbidden(as("t42a", "PUT", path("other"), body("tenant42:a", "tenant42:b", "")), "name", "other");
        forbidden(as("t42a", "PUT", path("other"), "{not json"), "name", "other");
        forbidden(as("t42a", "PUT", path("tenant42:r"), body("x", "tenant42:b", "")), "name", "x");
        forbidden(as("t42a", "PUT", path("tenant42:r"), body("tenant42:a", "shared", "")), "name", "shared");
        assertAbsent("x", "shared", "tenant42:a", "tenant42:b");
        Http.Resp invalid = as("t42a", "PUT", path("tenant42:r"), "{\"source\":\"x\"}");
        assertEquals(400, invalid.status(), "validation comes before the body's names: " + invalid);
        assertEquals("dest", invalid.at("error.detail.field"));
        assertEquals(201, as("t42a", "PUT", path("tenant42:r"), body("tenant42:a", "tenant42:b", "")).status());
    }

    @Test
    void aRefusedNameIsNeverToldWhatExistsBeyondIt() {
        assertEquals(201, as("ops", "PUT", path("a->b"), body("a", "b", "")).status());
        assertEquals(201, as("ops", "PUT", "/v0/topics/tenant42:s", "{}").status());
        // the engine would answer 409 (fan-in, cycle) or 404 (create_dest false); the allowlist answers first
        forbidden(as("t42a", "PUT", path("tenant42:fan"), body("tenant42:s", "b", "")), "name", "b");
        forbidden(as("t42a", "PUT", path("tenant42:cycle"), body("b", "a", "")), "name", "b");
        forbidden(as("t42a", "PUT", path("tenant42:new"), body("tenant42:s", "nowhere", "\"create_dest\":false")),
                "name", "nowhere");
        forbidden(as("t42r", "GET", path("a->b"), null), "name", "a->b");
        forbidden(as("t42r", "GET", path("missing"), null), "name", "missing");
        forbidden(as("t42d", "DELETE", path("a->b"), null), "name", "a->b");
        assertEquals(200, as("r", "GET", path("a->b"), null).status(), "nothing was deleted");
    }

    @Test
    void aListingShowsOnlyRoutersWhoseNameSourceAndDestAllPass() {
        String[][] routers = {
            {"tenant42:a->b", "tenant42:a", "tenant42:b"},
            {"tenant42:leak", "tenant42:x", "shared"},
            {"tenant42:in", "other", "tenant42:y"},
            {"other", "tenant42:p", "tenant42:q"},
            {"tenant42:z", "tenant42:c", "tenant42:d"},
        };
        for (String[] r : routers) {
            assertEquals(201, as("ops", "PUT", path(r[0]), body(r[1], r[2], "")).status(), r[0]);
        }
        assertEquals(List.of("other", "tenant42:a->b", "tenant42:in", "tenant42:leak", "tenant42:z"),
                walk("ops", "/v0/routers?page_size=2"));
        assertEquals(List.of("tenant42:a->b", "tenant42:z"), walk("t42r", "/v0/routers"));
        assertEquals(List.of("tenant42:a->b", "tenant42:z"), walk("t42r", "/v0/routers?page_size=1"));
        assertEquals(List.of(), walk("t42r", "/v0/routers?source=other"));
    }

    /** Every router a key can list, following next_cursor. */
    List<String> walk(String key, String first) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            Http.Resp r = as(key, "GET", first + (cursor == null ? "" : (first.contains("?") ? "&" : "?")
                    + "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), null);
            assertEquals(200, r.status(), r.toString());
            for (Object e : (List<?>) r.at("routers")) {
                out.add((String) JsonValue.at(e, "router"));
            }
            cursor = (String) r.at("next_cursor");
        } while (cursor != null);
        return out;
    }
}
