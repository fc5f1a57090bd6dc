package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SEQLOG_CONSOLE=off: no console routes at all, and the API is unchanged. */
class ConsoleOffTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_CONSOLE", "off");
    }

    @Test
    void everyConsolePathIs404() {
        for (String path : List.of("/", "/console", "/console/", "/console/index.html", "/console/main.js")) {
            Http.Resp r = get(path);
            assertEquals(404, r.status(), path);
            assertEquals("not_found", r.code(), path);
            assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        }
        assertEquals(200, get("/v0/topics").status());
    }
}
