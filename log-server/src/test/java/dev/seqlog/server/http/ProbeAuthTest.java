package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Probes behind SEQLOG_PROBE_AUTH. */
class ProbeAuthTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "w:write:none", "SEQLOG_PROBE_AUTH", "1");
    }

    @Test
    void probesNeedAnyValidKey() {
        for (String p : List.of("/v0/health", "/healthz", "/v0/ready", "/readyz")) {
            Http.Resp r = get(p);
            assertEquals(401, r.status());
            assertEquals("Bearer", r.header("WWW-Authenticate"));
            assertEquals(200, get(p, "Authorization", "Bearer w").status());
        }
    }
}
