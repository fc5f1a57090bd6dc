package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication of streams (API §8.1, §1.4): the wid is bound to its creator, and ?token= works on streams only. */
class StreamAuthTest extends ServerTest {

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::, ro:read:tenant42:, other:read, w:write");
    }

    private String watch(String key, String topic) {
        Http.Resp r = raw("POST", "/v0/watch", JSON, utf8("{\"topics\":{\"" + topic + "\":{}}}"),
                "Authorization", "Bearer " + key);
        assertEquals(200, r.status(), r.toString());
        return (String) r.at("wid");
    }

    @Test
    void theStreamNeedsTheCreatingKeyByHeaderOrToken() {
        raw("PUT", "/v0/topics/tenant42:a", JSON, utf8("{}"), "Authorization", "Bearer ops");
        String wid = watch("ro", "tenant42:a");
        int port = server.port();
        assertEquals(401, SseClient.open(port, "/v0/watch/" + wid).status, "no token");
        assertEquals(401, SseClient.open(port, "/v0/watch/" + wid, "Authorization: Bearer nope").status);
        assertEquals(401, SseClient.open(port, "/v0/watch/" + wid, "Authorization: Bearer other").status,
                "a different valid key");
        assertEquals(401, SseClient.open(port, "/v0/watch/" + wid + "?token=other").status);
        assertEquals(404, SseClient.open(port, "/v0/watch/wid_AAAAAAAAAAAAAAAAAAAAAA?token=ro").status,
                "a valid key learns only that the session does not exist");
        assertEquals(401, SseClient.open(port, "/v0/watch/wid_AAAAAAAAAAAAAAAAAAAAAA").status,
                "no token is refused before the session is looked up");
        try (SseClient byHeader = SseClient.open(port, "/v0/watch/" + wid, "Authorization: Bearer ro")) {
            assertEquals(200, byHeader.status);
        }
        try (SseClient byToken = SseClient.open(port, "/v0/watch/" + wid + "?token=ro&token=ops")) {
            assertEquals(200, byToken.status, "the first token is used");
        }
        try (SseClient headerWins = SseClient.open(port, "/v0/watch/" + wid + "?token=ro", "Authorization: Bearer other")) {
            assertEquals(401, headerWins.status);
        }
    }

    @Test
    void theTokenParameterIsNotACredentialElsewhere() {
        Http.Resp r = get("/v0/topics?token=ops");
        assertEquals(401, r.status());
    }

    @Test
    void creatingAWatchNeedsReadAndTheAllowlist() {
        raw("PUT", "/v0/topics/tenant42:a", JSON, utf8("{}"), "Authorization", "Bearer ops");
        raw("PUT", "/v0/topics/other", JSON, utf8("{}"), "Authorization", "Bearer ops");
        Http.Resp noRead = raw("POST", "/v0/watch", JSON, utf8("{\"topics\":{\"tenant42:a\":{}}}"),
                "Authorization", "Bearer w");
        assertEquals(403, noRead.status());
        assertEquals("read", noRead.at("error.detail.required_scope"));
        Http.Resp outside = raw("POST", "/v0/watch", JSON, utf8("{\"topics\":{\"tenant42:a\":{},\"other\":{}}}"),
                "Authorization", "Bearer ro");
        assertEquals(403, outside.status());
        assertEquals("other", outside.at("error.detail.name"));
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("{\"other\":1}"));
        Http.Resp viaCursor = raw("POST", "/v0/watch", JSON,
                utf8("{\"topics\":{\"tenant42:a\":{}},\"cursor\":\"" + cursor + "\"}"), "Authorization", "Bearer ro");
        assertEquals(403, viaCursor.status(), "every topic of a cursor passes the allowlist");
        assertTrue(viaCursor.toString().contains("other"));
    }
}
