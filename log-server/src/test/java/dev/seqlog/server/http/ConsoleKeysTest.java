package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With keys configured the console's files need none (they hold no data); every API call still does. */
class ConsoleKeysTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::,dash:read:tenant42:");
    }

    @Test
    void filesNeedNoKeyButTheApiDoes() {
        assertEquals(302, get("/").status());
        assertEquals(200, get("/console/").status());
        assertEquals(200, get("/console/api.js", "Authorization", "Bearer wrong").status());
        Http.Resp api = get("/v0/topics");
        assertEquals(401, api.status());
        assertEquals("unauthorized", api.code());
        assertEquals(200, get("/v0/topics", "Authorization", "Bearer dash").status());
    }
}
