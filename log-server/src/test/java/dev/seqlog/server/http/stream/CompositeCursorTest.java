package dev.seqlog.server.http.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The composite cursor of API §8.4: sorted keys, unpadded base64url, strict decoding. */
class CompositeCursorTest {

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodesSortedKeysWithoutPadding() {
        Map<String, Long> m = new TreeMap<>(Map.of("jobs", 5210L, "events", 88130L, "audit", 990L));
        String id = CompositeCursor.encode(m);
        assertEquals(b64("{\"audit\":990,\"events\":88130,\"jobs\":5210}"), id);
        assertEquals(-1, id.indexOf('='));
        assertEquals(m, CompositeCursor.decode(id));
        assertEquals(Map.of(), CompositeCursor.decode(CompositeCursor.encode(Map.of())));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : List.of("", "%%%", b64("[1]"), b64("{\"a\":-1}"), b64("{\"a\":1.5}"), b64("{\"a\":\"1\"}"),
                b64("{\"bad name\":1}"), b64("{\"a\":1} x"), b64("{\"a\":99999999999999999999}"), b64("{\"a\":1"))) {
            assertNull(CompositeCursor.decode(bad), bad);
        }
        assertNull(CompositeCursor.decode(null));
        assertEquals(Map.of("a", 1L), CompositeCursor.decode(b64("{\"a\":1}") + "=="), "padding is tolerated");
    }
}
