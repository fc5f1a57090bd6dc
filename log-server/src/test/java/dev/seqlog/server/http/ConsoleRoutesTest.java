package dev.seqlog.server.http;

import dev.seqlog.server.console.ConsoleAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's routes (API §16.5): redirect, files, content types, security headers, validators, 404s. */
class ConsoleRoutesTest extends ServerTest {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml; charset=utf-8");

    static void assertSecurityHeaders(Http.Resp r) {
        String csp = r.header("Content-Security-Policy");
        assertEquals(ConsoleAssets.CONTENT_SECURITY_POLICY, csp, r.toString());
        assertTrue(csp.contains("script-src 'self'") && csp.startsWith("default-src 'none'"), csp);
        assertFalse(csp.contains("unsafe"), csp);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("no-referrer", r.header("Referrer-Policy"));
        assertEquals("DENY", r.header("X-Frame-Options"));
    }

    @Test
    void rootAndBareConsoleRedirectToTheConsole() {
        for (String path : List.of("/", "/console")) {
            Http.Resp r = get(path);
            assertEquals(302, r.status(), path);
            assertEquals("console/", r.header("Location"), path);
            // relative to the request: /console/ from either path
            assertEquals("/console/", base.resolve(path).resolve(r.header("Location")).getPath());
            assertEquals("no-store", r.header("Cache-Control"));
            assertEquals(0, r.body().length);
            assertSecurityHeaders(r);
        }
    }

    @Test
    void thePageAndEveryFileAreServedWithTheirContentType() {
        Http.Resp page = get("/console/");
        assertEquals(200, page.status(), page.toString());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertTrue(page.text().contains("<script type=\"module\" src=\"main.js\"></script>"), page.text());
        assertSecurityHeaders(page);
        assertArrayEquals(get("/console/index.html").body(), page.body());
        for (String name : ConsoleAssets.FILES) {
            Http.Resp r = get("/console/" + name);
            assertEquals(200, r.status(), name);
            assertEquals(TYPES.get(name.substring(name.lastIndexOf('.') + 1)), r.header("Content-Type"), name);
            assertEquals("no-cache", r.header("Cache-Control"), name);
            assertTrue(r.header("ETag").matches("\"[0-9a-f]{32}\""), r.header("ETag"));
            assertEquals(Long.toString(r.body().length), r.header("Content-Length"), name);
            assertSecurityHeaders(r);
        }
    }

    @Test
    void unchangedFilesAnswer304AndGzipIsACopyWithItsOwnTag() throws IOException {
        Http.Resp plain = get("/console/main.js");
        String etag = plain.header("ETag");
        Http.Resp again = get("/console/main.js", "If-None-Match", etag);
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.header("ETag"));
        assertEquals(304, get("/console/main.js", "If-None-Match", "\"other\", W/" + etag).status());
        assertEquals(200, get("/console/main.js", "If-None-Match", "\"other\"").status());
        assertEquals(200, get("/console/api.js", "If-None-Match", etag).status(), "a tag names one file");

        Http.Resp zipped = get("/console/main.js", "Accept-Encoding", "gzip");
        assertEquals(200, zipped.status());
        assertEquals("gzip", zipped.header("Content-Encoding"));
        assertEquals("Accept-Encoding", zipped.header("Vary"));
        assertNotEquals(etag, zipped.header("ETag"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes());
        }
        assertEquals(304, get("/console/main.js", "Accept-Encoding", "gzip", "If-None-Match",
                zipped.header("ETag")).status());
    }

    /** Sent raw, so no client library normalises the dot segments or escapes away. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/console/nope.js", "/console/INDEX.HTML", "/console/index.html/", "/console//index.html", "/console/a/b",
        "/console/..", "/console/../dev/seqlog/server/version.properties", "/console/..%2fversion.properties",
        "/console/%2e%2e%2f%2e%2e%2fversion.properties", "/console/%2E%2E/ConsoleAssets.class",
        "/console/ConsoleAssets.class", "/console/package-info.class", "/console/..%5cversion.properties",
        "/console/main.js%00", "/console/.%2fmain.js", "/console/./main.js", "/console/%252e%252e%252fversion.properties",
        "/console/main.js;x=1", "/v0/../console/", "/console/%zz"
    })
    void unknownConsolePathsAre404WithTheEnvelope(String target) {
        String resp = RawHttp.send(server.port(), "GET " + target + " HTTP/1.1", null);
        assertEquals(404, RawHttp.status(resp), target + " -> " + resp);
        assertEquals("application/json; charset=utf-8", RawHttp.header(resp, "Content-Type"), resp);
        String body = RawHttp.body(resp);
        assertTrue(body.startsWith("{\"error\":{\"code\":\"not_found\""), body);
        assertFalse(body.contains("version="), body);
    }

    @Test
    void onlyGetIsAllowed() {
        for (String path : List.of("/", "/console/", "/console/main.js")) {
            Http.Resp r = raw("POST", path, JSON, utf8("{}"));
            assertEquals(405, r.status(), path);
            assertEquals("GET", r.header("Allow"));
            assertEquals("method_not_allowed", r.code());
        }
    }

    @Test
    void consoleRequestsAreCountedUnderTheirRouteTemplates() {
        get("/console/main.js");
        get("/console/nope.js");
        Http.Resp m = get("/v0/metrics");
        assertTrue(m.text().contains("seqlog_http_requests_total{method=\"GET\",route=\"/console/:file\",code=\"200\"} 1"),
                m.text());
        assertTrue(m.text().contains("seqlog_http_requests_total{method=\"GET\",route=\"/console/:file\",code=\"404\"} 1"),
                m.text());
        assertNotNull(get("/console/").header("ETag"));
    }
}
