package dev.seqlog.cold.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings from the environment: every invalid value is refused with the variable's name. */
class S3SettingsTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        env.put("PATH", "/usr/bin"); // unrelated variables are ignored
        return env;
    }

    private static void assertRefused(String variable, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Settings.fromEnv(env));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void nothingSetMeansNoObjectStore() {
        assertNull(S3Settings.fromEnv(env()));
        assertNull(S3Settings.fromEnv(env("SEQLOG_S3_BUCKET", " ")), "blank is unset");
    }

    @Test
    void bucketAloneUsesAwsDefaults() {
        S3Settings s = S3Settings.fromEnv(env("SEQLOG_S3_BUCKET", "my-bucket"));
        assertEquals(new S3Settings(null, "my-bucket", "", "us-east-1", null, null, false), s);
    }

    @Test
    void everything() {
        S3Settings s = S3Settings.fromEnv(env(
                "SEQLOG_S3_ENDPOINT", "http://127.0.0.1:9000",
                "SEQLOG_S3_BUCKET", "b.seqlog-1",
                "SEQLOG_S3_PREFIX", "/cluster/a",
                "SEQLOG_S3_REGION", "eu-west-3",
                "SEQLOG_S3_ACCESS_KEY_ID", "AKID",
                "SEQLOG_S3_SECRET_ACCESS_KEY", "s3cr3t-value",
                "SEQLOG_S3_PATH_STYLE", "false"));
        assertEquals(new S3Settings(URI.create("http://127.0.0.1:9000"), "b.seqlog-1", "cluster/a/", "eu-west-3",
                "AKID", "s3cr3t-value", false), s);
        assertFalse(s.toString().contains("s3cr3t-value"), s.toString());
        assertTrue(s.toString().contains("AKID"), s.toString());
    }

    @Test
    void anEndpointImpliesPathStyleUnlessSaidOtherwise() {
        assertTrue(S3Settings.fromEnv(env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_ENDPOINT", "https://s3.example")).pathStyle());
        assertTrue(S3Settings.fromEnv(env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_PATH_STYLE", "TRUE")).pathStyle());
    }

    @Test
    void prefixIsNormalised() {
        S3Settings s = S3Settings.of(null, "bkt");
        assertEquals("", s.withPrefix(null).prefix());
        assertEquals("", s.withPrefix("/").prefix());
        assertEquals("a/", s.withPrefix("a").prefix());
        assertEquals("a/b/", s.withPrefix("//a/b/").prefix());
    }

    @Test
    void invalidEndpoint() {
        assertRefused("SEQLOG_S3_ENDPOINT", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_ENDPOINT", "ftp://host"));
        assertRefused("SEQLOG_S3_ENDPOINT", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_ENDPOINT", "localhost:9000"));
        assertRefused("SEQLOG_S3_ENDPOINT", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_ENDPOINT", "http://bad host"));
        assertRefused("SEQLOG_S3_ENDPOINT", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_ENDPOINT", "http:///nohost"));
    }

    @Test
    void invalidBucketNames() {
        for (String bad : new String[] {"ab", "a".repeat(64), "Upper", "under_score", "-start", "end-", "a..b",
                "192.168.1.1", "sp ace"}) {
            assertRefused("SEQLOG_S3_BUCKET", env("SEQLOG_S3_BUCKET", bad));
        }
        assertEquals("a".repeat(63), S3Settings.fromEnv(env("SEQLOG_S3_BUCKET", "a".repeat(63))).bucket());
        assertEquals("abc", S3Settings.fromEnv(env("SEQLOG_S3_BUCKET", "abc")).bucket());
    }

    @Test
    void onlyOneKey() {
        assertRefused("SEQLOG_S3_SECRET_ACCESS_KEY", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_ACCESS_KEY_ID", "id"));
        assertRefused("SEQLOG_S3_ACCESS_KEY_ID", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_SECRET_ACCESS_KEY", "s"));
    }

    @Test
    void badBoolean() {
        assertRefused("SEQLOG_S3_PATH_STYLE", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_PATH_STYLE", "yes"));
    }

    @Test
    void badRegion() {
        assertRefused("SEQLOG_S3_REGION", env("SEQLOG_S3_BUCKET", "bkt", "SEQLOG_S3_REGION", "us east"));
    }

    @Test
    void otherVariablesWithoutABucket() {
        assertRefused("SEQLOG_S3_BUCKET", env("SEQLOG_S3_ENDPOINT", "http://127.0.0.1:9000"));
        assertRefused("SEQLOG_S3_PREFIX", env("SEQLOG_S3_PREFIX", "p"));
    }

    @Test
    void theConstructorValidatesToo() {
        assertThrows(IllegalArgumentException.class, () -> S3Settings.of(null, null));
        assertThrows(IllegalArgumentException.class, () -> S3Settings.of(URI.create("file:///x"), "bkt"));
        assertThrows(IllegalArgumentException.class, () -> S3Settings.of(null, "bkt").withCredentials("id", null));
        assertThrows(IllegalArgumentException.class, () -> S3Settings.of(null, "bkt").withCredentials(" ", "s"));
    }
}
