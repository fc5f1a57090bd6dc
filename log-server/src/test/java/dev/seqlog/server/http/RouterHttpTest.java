package dev.seqlog.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the router route tests share: paths, bodies, and the calls and checks they repeat. */
abstract class RouterHttpTest extends ServerTest {
    /** The path of a router; {@code >} is percent-encoded, which java.net.http requires. */
    static String path(String router) {
        return "/v0/routers/" + router.replace(">", "%3E");
    }

    static String body(String source, String dest, String more) {
        return "{\"source\":\"" + source + "\",\"dest\":\"" + dest + "\"" + (more.isEmpty() ? "" : "," + more) + "}";
    }

    Http.Resp putRouter(String router, String json) {
        return put(path(router), json);
    }

    Http.Resp created(String router, String source, String dest) {
        Http.Resp r = putRouter(router, body(source, dest, ""));
        assertEquals(201, r.status(), r.toString());
        return r;
    }

    Http.Resp router(String router) {
        return get(path(router));
    }

    static List<?> keys(Http.Resp r) {
        return List.copyOf(((Map<?, ?>) r.json()).keySet());
    }

    void assertError(Http.Resp r, int status, String code) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.code(), r.toString());
    }

    List<String> names(String listPath) {
        Http.Resp r = get(listPath);
        assertEquals(200, r.status(), r.toString());
        List<String> out = new ArrayList<>();
        for (Object e : (List<?>) r.at("routers")) {
            out.add((String) JsonValue.at(e, "router"));
        }
        return out;
    }
}
