package dev.seqlog.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict parsing of every SEQLOG_* variable and the start-up refusal rules. */
class ServerConfigTest {
    private static ServerConfig parse(String... kv) throws ConfigException {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ServerConfig.fromEnv(m);
    }

    private static String refused(String... kv) {
        return assertThrows(ConfigException.class, () -> parse(kv)).getMessage();
    }

    @Test
    void defaultsFollowTheContract() throws Exception {
        ServerConfig c = parse();
        assertEquals("127.0.0.1", c.host());
        assertEquals(4000, c.port());
        assertEquals(Path.of("seqlog-data"), c.dataDir());
        assertNull(c.portFile());
        assertFalse(c.keys().enabled());
        assertFalse(c.probeAuth());
        assertFalse(c.accessLog());
        assertTrue(c.console());
        assertEquals("info", c.logLevel());
        assertEquals(10_000, c.shutdownGraceMs());
        assertTrue(c.walShards() >= 1 && c.walShards() <= 8);
        assertEquals(64L << 20, c.maxBodyBytes());
        assertEquals(10_000, c.limits().maxBatchRecords());
        assertEquals(1 << 20, c.limits().maxRecordBytes());
        assertEquals(16 << 10, c.limits().maxMetaBytes());
        assertEquals(256, c.limits().maxTagBytes());
        assertEquals(128, c.limits().maxNodeBytes());
        assertEquals(1000, c.limits().maxLimit());
        assertEquals(100_000, c.limits().maxTopics());
        assertEquals(0, c.limits().maxTotalBytes());
        assertEquals(1000, c.maxClaim());
        assertEquals(256, c.maxWatchTopics());
        assertEquals(10_000, c.maxRouters());
        assertEquals(10_000, c.maxWatchSessions());
        assertEquals(10_000, c.maxSseConnections());
        assertEquals(1000, c.maxSseConnectionsPerKey());
        assertEquals(1000, c.maxInflightPerKey());
        assertEquals(1000, c.metricsMaxTopics());
        assertEquals(10_000, c.segmentMaxEvents());
        assertEquals(64 << 20, c.segmentMaxBytes());
        assertEquals(3_600_000, c.segmentMaxAgeMs());
        assertEquals(4, c.hotRetainSegments());
        assertEquals(0, c.hotRetainBytes());
        assertNull(c.coldDir());
        assertNull(c.statsd());
        assertEquals(10_000, c.statsdIntervalMs());
        assertEquals("seqlog", c.statsdPrefix());
        assertEquals("none", c.statsdTags());
    }

    @Test
    void theObjectStoreTierIsConfiguredFromItsVariables() throws Exception {
        ServerConfig c = parse("SEQLOG_S3_BUCKET", "events", "SEQLOG_S3_ENDPOINT", "http://127.0.0.1:9000",
                "SEQLOG_S3_PREFIX", "node-a", "SEQLOG_S3_ACCESS_KEY_ID", "id", "SEQLOG_S3_SECRET_ACCESS_KEY", "hunter2-value",
                "SEQLOG_COLD_CACHE_BYTES", "1000");
        assertEquals("events", c.s3().bucket());
        assertEquals(1000, c.coldCacheBytes());
        assertFalse(c.s3().toString().contains("hunter2"), c.s3().toString());
        assertNull(parse().s3(), "off by default");
        assertEquals(1L << 30, parse().coldCacheBytes());
        assertTrue(refused("SEQLOG_S3_BUCKET", "events", "SEQLOG_COLD_DIR", "cold").contains("two cold tiers"));
        assertTrue(refused("SEQLOG_S3_BUCKET", "Not_A_Bucket").contains("SEQLOG_S3_BUCKET"));
        assertTrue(refused("SEQLOG_S3_ENDPOINT", "http://x").contains("SEQLOG_S3_BUCKET"), "an endpoint alone");
        assertTrue(refused("SEQLOG_S3_BUCKET", "events", "SEQLOG_S3_ACCESS_KEY_ID", "id")
                .contains("SEQLOG_S3_SECRET_ACCESS_KEY"));
        assertTrue(refused("SEQLOG_COLD_CACHE_BYTES", "-1").contains("SEQLOG_COLD_CACHE_BYTES"));
    }

    @Test
    void everyVariableIsRead() throws Exception {
        ServerConfig c = parse("SEQLOG_HOST", "localhost", "SEQLOG_PORT", "0", "SEQLOG_PORT_FILE", "p.txt",
                "SEQLOG_DATA_DIR", "d", "SEQLOG_API_KEYS", "k", "SEQLOG_ALLOW_INSECURE_NO_AUTH", "TRUE",
                "SEQLOG_PROBE_AUTH", "1", "SEQLOG_LOG_LEVEL", "DEBUG", "SEQLOG_ACCESS_LOG", "true",
                "SEQLOG_CONSOLE", "off", "SEQLOG_SHUTDOWN_GRACE_MS", "5",
                "SEQLOG_WAL_SHARDS", "64", "SEQLOG_COLD_DIR", "cold", "SEQLOG_SEGMENT_MAX_EVENTS", "7",
                "SEQLOG_SEGMENT_MAX_BYTES", "4096", "SEQLOG_SEGMENT_MAX_AGE_MS", "0",
                "SEQLOG_HOT_RETAIN_SEGMENTS", "2", "SEQLOG_HOT_RETAIN_BYTES", "9", "SEQLOG_MAX_BODY_BYTES", "100",
                "SEQLOG_MAX_BATCH_RECORDS", "3", "SEQLOG_MAX_RECORD_BYTES", "100", "SEQLOG_MAX_META_BYTES", "10",
                "SEQLOG_MAX_TAG_BYTES", "11", "SEQLOG_MAX_NODE_BYTES", "12", "SEQLOG_MAX_LIMIT", "13",
                "SEQLOG_MAX_CLAIM", "14", "SEQLOG_MAX_WATCH_TOPICS", "15", "SEQLOG_MAX_TOPICS", "0",
                "SEQLOG_MAX_ROUTERS", "0", "SEQLOG_MAX_WATCH_SESSIONS", "0", "SEQLOG_MAX_SSE_CONNECTIONS", "0",
                "SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY", "0", "SEQLOG_MAX_INFLIGHT_PER_KEY", "0",
                "SEQLOG_MAX_TOTAL_BYTES", "16", "SEQLOG_METRICS_MAX_TOPICS", "0", "SEQLOG_STATSD", "localhost:8125",
                "SEQLOG_STATSD_INTERVAL_MS", "1000", "SEQLOG_STATSD_PREFIX", "app.x", "SEQLOG_STATSD_TAGS",
                "dogstatsd", "SEQLOG_TYPO", "1", "OTHER", "x");
        assertEquals("localhost", c.host());
        assertEquals(0, c.port());
        assertEquals(Path.of("p.txt"), c.portFile());
        assertEquals(Path.of("d"), c.dataDir());
        assertTrue(c.keys().enabled());
        assertTrue(c.allowInsecureNoAuth());
        assertTrue(c.probeAuth());
        assertEquals("debug", c.logLevel());
        assertTrue(c.accessLog());
        assertFalse(c.console());
        assertEquals(5, c.shutdownGraceMs());
        assertEquals(64, c.walShards());
        assertEquals(Path.of("cold"), c.coldDir());
        assertEquals(7, c.segmentMaxEvents());
        assertEquals(4096, c.segmentMaxBytes());
        assertEquals(0, c.segmentMaxAgeMs());
        assertEquals(2, c.hotRetainSegments());
        assertEquals(9, c.hotRetainBytes());
        assertEquals(100, c.maxBodyBytes());
        assertEquals(3, c.limits().maxBatchRecords());
        assertEquals(100, c.limits().maxRecordBytes());
        assertEquals(10, c.limits().maxMetaBytes());
        assertEquals(11, c.limits().maxTagBytes());
        assertEquals(12, c.limits().maxNodeBytes());
        assertEquals(13, c.limits().maxLimit());
        assertEquals(14, c.maxClaim());
        assertEquals(15, c.maxWatchTopics());
        assertEquals(0, c.limits().maxTopics());
        assertEquals(0, c.maxRouters());
        assertEquals(0, c.maxWatchSessions());
        assertEquals(0, c.maxSseConnections());
        assertEquals(0, c.maxSseConnectionsPerKey());
        assertEquals(0, c.maxInflightPerKey());
        assertEquals(16, c.limits().maxTotalBytes());
        assertEquals(0, c.metricsMaxTopics());
        assertEquals("localhost:8125", c.statsd());
        assertEquals(1000, c.statsdIntervalMs());
        assertEquals("app.x", c.statsdPrefix());
        assertEquals("dogstatsd", c.statsdTags());
        assertEquals(List.of("SEQLOG_TYPO"), c.unknownVariables());
    }

    @ParameterizedTest
    @CsvSource({"on, true", "ON, true", "1, true", "true, true", "off, false", "Off, false", "0, false",
        "FALSE, false", "' ', true"})
    void theConsoleSwitchReadsOnOffAndTheBooleanSpellings(String value, boolean on) throws Exception {
        assertEquals(on, parse("SEQLOG_CONSOLE", value).console());
        assertEquals(!on, parse("SEQLOG_CONSOLE", value).withConsole(!on).console());
    }

    @Test
    void emptyValuesMeanUnset() throws Exception {
        ServerConfig c = parse("SEQLOG_PORT", "", "SEQLOG_PROBE_AUTH", " ", "SEQLOG_API_KEYS", "");
        assertEquals(4000, c.port());
        assertFalse(c.probeAuth());
    }

    @ParameterizedTest
    @CsvSource({
        "SEQLOG_PORT, 65536", "SEQLOG_PORT, -1", "SEQLOG_PORT, 4k", "SEQLOG_PORT, +4000", "SEQLOG_PORT, 0x10",
        "SEQLOG_PORT, 1.0", "SEQLOG_PROBE_AUTH, yes", "SEQLOG_ALLOW_INSECURE_NO_AUTH, 2", "SEQLOG_LOG_LEVEL, verbose",
        "SEQLOG_ACCESS_LOG, on", "SEQLOG_CONSOLE, maybe", "SEQLOG_CONSOLE, no", "SEQLOG_CONSOLE, 2",
        "SEQLOG_SHUTDOWN_GRACE_MS, -1", "SEQLOG_WAL_SHARDS, 0", "SEQLOG_WAL_SHARDS, 65",
        "SEQLOG_SEGMENT_MAX_EVENTS, 0", "SEQLOG_SEGMENT_MAX_BYTES, 100", "SEQLOG_SEGMENT_MAX_AGE_MS, x",
        "SEQLOG_HOT_RETAIN_SEGMENTS, -2", "SEQLOG_HOT_RETAIN_BYTES, 1e3", "SEQLOG_MAX_BODY_BYTES, 0",
        "SEQLOG_MAX_BATCH_RECORDS, 0", "SEQLOG_MAX_RECORD_BYTES, 0", "SEQLOG_MAX_META_BYTES, 0",
        "SEQLOG_MAX_TAG_BYTES, 0", "SEQLOG_MAX_TAG_BYTES, 65536", "SEQLOG_MAX_NODE_BYTES, 256",
        "SEQLOG_MAX_LIMIT, 0", "SEQLOG_MAX_CLAIM, 0", "SEQLOG_MAX_WATCH_TOPICS, 0", "SEQLOG_MAX_TOPICS, -1",
        "SEQLOG_MAX_ROUTERS, x", "SEQLOG_MAX_WATCH_SESSIONS, 1.5", "SEQLOG_MAX_SSE_CONNECTIONS, -3",
        "SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY, ten", "SEQLOG_MAX_INFLIGHT_PER_KEY, 99999999999999999999",
        "SEQLOG_MAX_TOTAL_BYTES, -1", "SEQLOG_METRICS_MAX_TOPICS, a", "SEQLOG_STATSD, localhost",
        "SEQLOG_STATSD, host:0", "SEQLOG_STATSD, host:x", "SEQLOG_STATSD_INTERVAL_MS, 999",
        "SEQLOG_STATSD_PREFIX, a b", "SEQLOG_STATSD_TAGS, influx", "SEQLOG_API_KEYS, :read",
        "SEQLOG_HOST, '[::1'", "SEQLOG_HOST, 127.0.0.1:99999", "SEQLOG_HOST, 127.0.0.1:x", "SEQLOG_HOST, ':80'",
        "SEQLOG_HOST, 999.1.1.1"
    })
    void badValuesAreRefusedNamingTheVariable(String name, String value) {
        String msg = refused(name, value);
        assertTrue(msg.contains(name), msg);
    }

    @Test
    void hostMayCarryThePort() throws Exception {
        ServerConfig c = parse("SEQLOG_HOST", "127.0.0.2:4100", "SEQLOG_PORT", "5000");
        assertEquals("127.0.0.2", c.host());
        assertEquals(4100, c.port());
        ServerConfig v6 = parse("SEQLOG_HOST", "[::1]:4200");
        assertEquals("::1", v6.host());
        assertEquals(4200, v6.port());
        ServerConfig bare = parse("SEQLOG_HOST", "::1");
        assertEquals("::1", bare.host());
        assertEquals(4000, bare.port());
    }

    @Test
    void nonLoopbackBindNeedsKeysOrAnExplicitOptOut() throws Exception {
        assertTrue(refused("SEQLOG_HOST", "0.0.0.0").contains("SEQLOG_API_KEYS"));
        refused("SEQLOG_HOST", "example.com");
        refused("SEQLOG_HOST", "10.0.0.1:80");
        assertEquals("0.0.0.0", parse("SEQLOG_HOST", "0.0.0.0", "SEQLOG_API_KEYS", "k").host());
        assertEquals("0.0.0.0", parse("SEQLOG_HOST", "0.0.0.0", "SEQLOG_ALLOW_INSECURE_NO_AUTH", "1").host());
        assertEquals("127.9.9.9", parse("SEQLOG_HOST", "127.9.9.9").host());
        assertEquals("localhost", parse("SEQLOG_HOST", "LOCALHOST".toLowerCase()).host());
        assertTrue(Addresses.isLoopback("::1"));
        assertTrue(Addresses.isLoopback("127.0.0.1"));
        assertFalse(Addresses.isLoopback("128.0.0.1"));
        assertFalse(Addresses.isLoopback("localhost.example"));
    }

    @Test
    void bodyLimitMustHoldOneRecord() {
        String msg = refused("SEQLOG_MAX_BODY_BYTES", "10", "SEQLOG_MAX_RECORD_BYTES", "11");
        assertTrue(msg.contains("SEQLOG_MAX_BODY_BYTES") && msg.contains("SEQLOG_MAX_RECORD_BYTES"), msg);
    }

    @Test
    void keyErrorsDoNotEchoSecrets() {
        String msg = refused("SEQLOG_API_KEYS", "topsecret:bogus");
        assertFalse(msg.contains("topsecret"), msg);
    }

    @Test
    void withersCopy() throws Exception {
        ServerConfig c = parse("SEQLOG_API_KEYS", "k");
        ServerConfig d = c.withPort(0).withDataDir(null);
        assertEquals(0, d.port());
        assertNull(d.dataDir());
        assertTrue(d.keys().enabled());
        assertEquals(4000, c.port());
        assertThrows(IllegalArgumentException.class, () -> c.withPort(70000));
    }
}
