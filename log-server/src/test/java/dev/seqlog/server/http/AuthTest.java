package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication, scopes and prefix allowlists over HTTP (API §1.3, §1.4). */
class AuthTest extends ServerTest {
    static final String OPS = "Bearer ops";

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::, ro:read:tenant42:, rw:r+w:tenant42:|shared., del:delete, "
                + "adm:admin+w:tenant42:, w:write, dlq:a+w:t.|dl.ok", "SEQLOG_MAX_INFLIGHT_PER_KEY", "1");
    }

    private Http.Resp as(String key, String method, String path, String json) {
        return raw(method, path, json == null ? null : JSON, json == null ? null : utf8(json), "Authorization",
                "Bearer " + key);
    }

    @Test
    void missingOrUnknownTokensAre401WithChallenge() {
        List<Http.Resp> all = List.of(get("/v0/topics"), get("/v0/topics", "Authorization", "Bearer nope"),
                get("/v0/topics", "Authorization", "Basic b3BzOg=="),
                get("/v0/metrics"), post("/v0/topics/x", "{bad json"));
        for (int i = 0; i < all.size(); i++) {
            Http.Resp r = all.get(i);
            assertEquals(401, r.status(), i + ": " + r);
            assertEquals("unauthorized", r.code());
            assertEquals("Bearer", r.header("WWW-Authenticate"));
        }
        assertEquals(200, get("/v0/topics", "Authorization", "bearer ops").status());
        // Undertow folds runs of spaces inside header values, so "Bearer  ops" arrives as "Bearer ops"; the
        // one-space rule is enforced on what reaches the key ring (KeyRingTest)
    }

    @Test
    void probesAreOpenWithoutProbeAuth() {
        assertEquals(200, get("/v0/health").status());
        assertEquals(200, get("/readyz").status());
    }

    @Test
    void scopesPerRoute() {
        assertEquals(201, as("ops", "PUT", "/v0/topics/tenant42:a", "{}").status());
        Http.Resp noAdmin = as("rw", "PUT", "/v0/topics/tenant42:b", "{}");
        assertEquals(403, noAdmin.status());
        assertEquals("forbidden", noAdmin.code());
        assertEquals("admin", noAdmin.at("error.detail.required_scope"));
        Http.Resp noWrite = as("ro", "POST", "/v0/topics/tenant42:a", "{\"records\":[{\"data\":1}]}");
        assertEquals("write", noWrite.at("error.detail.required_scope"));
        assertEquals(201, as("rw", "POST", "/v0/topics/tenant42:w", "{\"records\":[{\"data\":1}]}").status());
        assertEquals(200, as("ro", "POST", "/v0/topics/tenant42:w/diff", "{}").status());
        assertEquals(200, as("ro", "GET", "/v0/topics/tenant42:w/records", null).status());
        assertEquals(200, as("ro", "GET", "/v0/metrics", null).status());
        assertEquals("read", as("w", "GET", "/v0/metrics", null).at("error.detail.required_scope"));
        assertEquals("delete", as("rw", "DELETE", "/v0/topics/tenant42:w", null).at("error.detail.required_scope"));
        assertEquals("delete", as("rw", "POST", "/v0/topics/tenant42:w/delete", "{\"before_seq\":9}")
                .at("error.detail.required_scope"));
        assertEquals(200, as("del", "POST", "/v0/topics/tenant42:w/delete", "{\"before_seq\":9}").status());
        assertEquals(200, as("del", "DELETE", "/v0/topics/tenant42:w", null).status());
        assertEquals("read", as("del", "GET", "/v0/topics", null).at("error.detail.required_scope"));
    }

    @Test
    void prefixAllowlistOnPathNamesNeverRevealsExistence() {
        assertEquals(201, as("ops", "PUT", "/v0/topics/secret", "{}").status());
        Http.Resp exists = as("ro", "GET", "/v0/topics/secret", null);
        Http.Resp absent = as("ro", "GET", "/v0/topics/nothing", null);
        assertEquals(403, exists.status());
        assertEquals(403, absent.status());
        assertEquals("secret", exists.at("error.detail.name"));
        assertEquals(exists.code(), absent.code());
        assertEquals(403, as("rw", "POST", "/v0/topics/tenant4", "{\"records\":[{\"data\":1}]}").status());
        assertEquals(403, as("rw", "POST", "/v0/topics/other", "{bad").status());
        assertEquals(201, as("rw", "POST", "/v0/topics/shared.x", "{\"records\":[{\"data\":1}]}").status());
    }

    @Test
    void inlineConfigCreatingATopicNeedsAdmin() {
        String withConfig = "{\"records\":[{\"data\":1}],\"config\":{\"ttl_ms\":1000}}";
        Http.Resp r = as("rw", "POST", "/v0/topics/tenant42:new", withConfig);
        assertEquals(403, r.status(), r.toString());
        assertEquals("admin", r.at("error.detail.required_scope"));
        assertEquals(404, get("/v0/topics/tenant42:new", "Authorization", OPS).status());
        assertEquals(201, as("adm", "POST", "/v0/topics/tenant42:new", withConfig).status());
        Http.Resp existing = as("rw", "POST", "/v0/topics/tenant42:new", "{\"records\":[{\"data\":1}],"
                + "\"config\":{\"ttl_ms\":5}}");
        assertEquals(200, existing.status(), existing.toString());
        assertEquals(1000L, get("/v0/topics/tenant42:new", "Authorization", OPS).at("config.ttl_ms"));
        Http.Resp noCreate = as("rw", "POST", "/v0/topics/tenant42:nc", "{\"records\":[{\"data\":1}],"
                + "\"create\":false,\"config\":{}}");
        assertEquals(404, noCreate.status());
    }

    @Test
    void deadLetterNamesAreCheckedAgainstTheAllowlist() {
        Http.Resp put = as("dlq", "PUT", "/v0/topics/t.q", "{\"type\":\"queue\",\"dead_letter\":\"other\"}");
        assertEquals(403, put.status());
        assertEquals("other", put.at("error.detail.name"));
        assertEquals(201, as("dlq", "PUT", "/v0/topics/t.q", "{\"type\":\"queue\",\"dead_letter\":\"dl.ok\"}").status());
        Http.Resp write = as("dlq", "POST", "/v0/topics/t.q2", "{\"records\":[{\"data\":1}],"
                + "\"config\":{\"dead_letter\":\"elsewhere\"}}");
        assertEquals(403, write.status());
        assertEquals("elsewhere", write.at("error.detail.name"));
        assertEquals(404, get("/v0/topics/t.q2", "Authorization", OPS).status());
    }

    @Test
    void listsAreFilteredByTheAllowlist() {
        for (String t : List.of("a", "shared.1", "tenant42:x", "tenant42:y", "z")) {
            assertEquals(201, as("ops", "PUT", "/v0/topics/" + t, "{}").status());
        }
        assertEquals(List.of("tenant42:x", "tenant42:y"), TopicRoutesTest.names(as("ro", "GET", "/v0/topics", null)));
        assertEquals(List.of("shared.1", "tenant42:x", "tenant42:y"),
                TopicRoutesTest.names(as("rw", "GET", "/v0/topics", null)));
        Http.Resp page = as("rw", "GET", "/v0/topics?page_size=2", null);
        assertEquals(List.of("shared.1", "tenant42:x"), TopicRoutesTest.names(page));
        String cursor = (String) page.at("next_cursor");
        assertEquals(List.of("tenant42:y"), TopicRoutesTest.names(as("rw", "GET", "/v0/topics?page_size=2&cursor="
                + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8), null)));
        String metrics = as("ro", "GET", "/v0/metrics", null).text();
        assertTrue(metrics.contains("seqlog_topic_head_seq{topic=\"tenant42:x\"}"), metrics);
        assertFalse(metrics.contains("topic=\"a\""), metrics);
        assertTrue(metrics.contains("seqlog_topics 5"), metrics);
    }

    @Test
    void inflightCapPerKeyIsReleasedWhenRequestsEnd() throws Exception {
        as("ops", "PUT", "/v0/topics/tenant42:lp", "{}");
        var parked = Http.sendAsync(base, "POST", "/v0/topics/tenant42:lp/diff", JSON,
                utf8("{\"wait_ms\":20000}"), headers("Authorization", "Bearer ro"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> server.state().parkedPolls() == 1);
        Http.Resp r = as("ro", "GET", "/v0/topics/tenant42:lp", null);
        assertEquals(429, r.status());
        assertEquals("throttled", r.code());
        assertEquals("max_inflight_per_key", r.at("error.detail.limit"));
        assertEquals(1L, r.at("error.detail.max"));
        assertEquals("1", r.header("Retry-After"));
        assertEquals(200, as("rw", "GET", "/v0/topics/tenant42:lp", null).status());
        as("ops", "POST", "/v0/topics/tenant42:lp", "{\"records\":[{\"data\":1}]}");
        assertEquals(200, parked.get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, as("ro", "GET", "/v0/topics/tenant42:lp", null).status());
            assertEquals(404, as("ro", "GET", "/v0/topics/tenant42:none", null).status());
        }
    }
}
