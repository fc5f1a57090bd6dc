package dev.seqlog.server.config;

import dev.seqlog.cold.s3.S3Settings;
import dev.seqlog.api.Limits;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.server.auth.KeyRing;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one validated configuration of a server (API §13.1), built from SEQLOG_* variables. Settings
 * for the statsd push are parsed as strictly as the rest and kept here. Immutable and
 * thread-safe.
 */
public final class ServerConfig {
    /** Every variable this server understands. */
    public static final Set<String> VARIABLES = Set.of(
            "SEQLOG_HOST", "SEQLOG_PORT", "SEQLOG_PORT_FILE", "SEQLOG_DATA_DIR", "SEQLOG_API_KEYS",
            "SEQLOG_ALLOW_INSECURE_NO_AUTH", "SEQLOG_PROBE_AUTH", "SEQLOG_LOG_LEVEL", "SEQLOG_ACCESS_LOG", "SEQLOG_SHUTDOWN_GRACE_MS",
            "SEQLOG_WAL_SHARDS", "SEQLOG_COLD_DIR", "SEQLOG_SEGMENT_MAX_EVENTS", "SEQLOG_SEGMENT_MAX_BYTES",
            "SEQLOG_SEGMENT_MAX_AGE_MS", "SEQLOG_HOT_RETAIN_SEGMENTS", "SEQLOG_HOT_RETAIN_BYTES",
            "SEQLOG_MAX_BODY_BYTES", "SEQLOG_MAX_BATCH_RECORDS", "SEQLOG_MAX_RECORD_BYTES", "SEQLOG_MAX_META_BYTES",
            "SEQLOG_MAX_TAG_BYTES", "SEQLOG_MAX_NODE_BYTES", "SEQLOG_MAX_LIMIT", "SEQLOG_MAX_CLAIM",
            "SEQLOG_MAX_WATCH_TOPICS", "SEQLOG_MAX_TOPICS", "SEQLOG_MAX_ROUTERS", "SEQLOG_MAX_WATCH_SESSIONS",
            "SEQLOG_MAX_SSE_CONNECTIONS", "SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY", "SEQLOG_MAX_INFLIGHT_PER_KEY",
            "SEQLOG_MAX_TOTAL_BYTES", "SEQLOG_METRICS_MAX_TOPICS", "SEQLOG_STATSD", "SEQLOG_STATSD_INTERVAL_MS",
            "SEQLOG_STATSD_PREFIX", "SEQLOG_STATSD_TAGS", "SEQLOG_CONSOLE", S3Settings.ENV_BUCKET,
            S3Settings.ENV_ENDPOINT, S3Settings.ENV_PREFIX, S3Settings.ENV_REGION, S3Settings.ENV_ACCESS_KEY_ID,
            S3Settings.ENV_SECRET_ACCESS_KEY, S3Settings.ENV_PATH_STYLE, "SEQLOG_COLD_CACHE_BYTES", "SEQLOG_NODE_ID",
            "SEQLOG_PEERS", "SEQLOG_CLUSTER_NAME");

    /** Largest body the server buffers; bodies are held in one array. */
    static final long MAX_BODY_CEILING = Integer.MAX_VALUE - 16;
    private static final long U = Long.MAX_VALUE;
    private static final int I = Integer.MAX_VALUE;
    private static final Pattern STATSD_PREFIX = Pattern.compile("[A-Za-z0-9_.-]+");

    private String host;
    private int port;
    private Path portFile;
    private Path dataDir;
    private KeyRing keys;
    private boolean allowInsecureNoAuth;
    private boolean probeAuth;
    private String logLevel;
    private boolean accessLog;
    private long shutdownGraceMs;
    private int walShards;
    private Path coldDir;
    private S3Settings s3;
    private long coldCacheBytes;
    private ClusterConfig cluster;
    private int segmentMaxEvents;
    private int segmentMaxBytes;
    private long segmentMaxAgeMs;
    private int hotRetainSegments;
    private long hotRetainBytes;
    private long maxBodyBytes;
    private ConnectionPolicy connections;
    private Limits limits;
    private int maxClaim;
    private int maxWatchTopics;
    private long maxRouters;
    private long maxWatchSessions;
    private long maxSseConnections;
    private long maxSseConnectionsPerKey;
    private long maxInflightPerKey;
    private long metricsMaxTopics;
    private String statsd;
    private long statsdIntervalMs;
    private String statsdPrefix;
    private String statsdTags;
    private boolean console;
    private List<String> unknownVariables;

    private ServerConfig() {
    }

    /** @return the defaults of every variable (loopback, port 4000, ./seqlog-data, no keys) */
    public static ServerConfig defaults() {
        try {
            return fromEnv(Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses and validates a variable map; variables outside SEQLOG_* are ignored.
     *
     * @param vars the environment (or a test's map)
     * @return the configuration
     * @throws ConfigException naming the first invalid variable
     */
    public static ServerConfig fromEnv(Map<String, String> vars) throws ConfigException {
        Env e = new Env(vars);
        ServerConfig c = new ServerConfig();
        c.port = (int) e.integer("SEQLOG_PORT", 4000, 0, 65535);
        c.host = "127.0.0.1";
        String hostVar = e.get("SEQLOG_HOST");
        if (hostVar != null) {
            Addresses.HostPort hp = Addresses.parseHost(hostVar);
            c.host = hp.host();
            if (hp.port() >= 0) {
                c.port = hp.port();
            }
        }
        c.portFile = path(e, "SEQLOG_PORT_FILE", null);
        c.dataDir = path(e, "SEQLOG_DATA_DIR", "seqlog-data");
        try {
            c.keys = KeyRing.parse(vars.get("SEQLOG_API_KEYS"));
        } catch (IllegalArgumentException ex) {
            throw new ConfigException("SEQLOG_API_KEYS: " + ex.getMessage());
        }
        c.allowInsecureNoAuth = e.bool("SEQLOG_ALLOW_INSECURE_NO_AUTH", false);
        c.probeAuth = e.bool("SEQLOG_PROBE_AUTH", false);
        c.logLevel = e.oneOf("SEQLOG_LOG_LEVEL", "info", "error", "warn", "info", "debug", "trace");
        c.accessLog = e.bool("SEQLOG_ACCESS_LOG", false);
        c.shutdownGraceMs = e.integer("SEQLOG_SHUTDOWN_GRACE_MS", 10_000, 0, U);
        c.walShards = (int) e.integer("SEQLOG_WAL_SHARDS", EngineOptions.WAL_SHARDS_DEFAULT, 1, 64);
        c.coldDir = path(e, "SEQLOG_COLD_DIR", null);
        try {
            c.s3 = S3Settings.fromEnv(vars);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(ex.getMessage());
        }
        if (c.s3 != null && c.coldDir != null) {
            throw new ConfigException("SEQLOG_COLD_DIR and SEQLOG_S3_BUCKET name two cold tiers: set one");
        }
        c.cluster = ClusterConfig.fromEnv(e);
        if (c.cluster != null) {
            c.cluster.checkWith(c.coldDir, c.s3 == null ? null : c.s3.bucket(), c.host, c.port);
        }
        c.coldCacheBytes = e.integer("SEQLOG_COLD_CACHE_BYTES", EngineOptions.COLD_CACHE_BYTES_DEFAULT, 0, U);
        c.segmentMaxEvents = (int) e.integer("SEQLOG_SEGMENT_MAX_EVENTS", EngineOptions.SEGMENT_MAX_RECORDS_DEFAULT, 1, I);
        // the engine needs room for at least one page-sized unit
        c.segmentMaxBytes = (int) e.integer("SEQLOG_SEGMENT_MAX_BYTES", EngineOptions.SEGMENT_MAX_BYTES_DEFAULT, 4096, I);
        c.segmentMaxAgeMs = e.integer("SEQLOG_SEGMENT_MAX_AGE_MS", EngineOptions.SEGMENT_MAX_AGE_MS_DEFAULT, 0, U);
        c.hotRetainSegments = (int) e.integer("SEQLOG_HOT_RETAIN_SEGMENTS", EngineOptions.HOT_RETAIN_SEGMENTS_DEFAULT, 0, I);
        c.hotRetainBytes = e.integer("SEQLOG_HOT_RETAIN_BYTES", 0, 0, U);
        c.maxBodyBytes = e.integer("SEQLOG_MAX_BODY_BYTES", 64L << 20, 1, MAX_BODY_CEILING);
        c.connections = ConnectionPolicy.fromEnv(e);
        int maxBatch = (int) e.integer("SEQLOG_MAX_BATCH_RECORDS", 10_000, 1, I);
        int maxRecord = (int) e.integer("SEQLOG_MAX_RECORD_BYTES", 1 << 20, 1, I);
        int maxMeta = (int) e.integer("SEQLOG_MAX_META_BYTES", 16 << 10, 1, I);
        int maxTag = (int) e.integer("SEQLOG_MAX_TAG_BYTES", 256, 1, 65535);
        int maxNode = (int) e.integer("SEQLOG_MAX_NODE_BYTES", 128, 1, 255);
        int maxLimit = (int) e.integer("SEQLOG_MAX_LIMIT", 1000, 1, I);
        c.maxClaim = (int) e.integer("SEQLOG_MAX_CLAIM", 1000, 1, I);
        c.maxWatchTopics = (int) e.integer("SEQLOG_MAX_WATCH_TOPICS", 256, 1, I);
        long maxTopics = e.integer("SEQLOG_MAX_TOPICS", 100_000, 0, U);
        c.maxRouters = e.integer("SEQLOG_MAX_ROUTERS", EngineOptions.MAX_ROUTERS_DEFAULT, 0, U);
        c.maxWatchSessions = e.integer("SEQLOG_MAX_WATCH_SESSIONS", 10_000, 0, U);
        c.maxSseConnections = e.integer("SEQLOG_MAX_SSE_CONNECTIONS", 10_000, 0, U);
        c.maxSseConnectionsPerKey = e.integer("SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY", 1000, 0, U);
        c.maxInflightPerKey = e.integer("SEQLOG_MAX_INFLIGHT_PER_KEY", 1000, 0, U);
        long maxTotal = e.integer("SEQLOG_MAX_TOTAL_BYTES", 0, 0, U);
        c.metricsMaxTopics = e.integer("SEQLOG_METRICS_MAX_TOPICS", 1000, 0, U);
        c.statsd = e.get("SEQLOG_STATSD");
        if (c.statsd != null) {
            Addresses.checkStatsd(c.statsd);
        }
        c.statsdIntervalMs = e.integer("SEQLOG_STATSD_INTERVAL_MS", 10_000, 1000, U);
        c.statsdPrefix = e.string("SEQLOG_STATSD_PREFIX", "seqlog");
        if (!STATSD_PREFIX.matcher(c.statsdPrefix).matches()) {
            throw new ConfigException("SEQLOG_STATSD_PREFIX may only contain letters, digits, '_', '.' and '-'");
        }
        c.statsdTags = e.oneOf("SEQLOG_STATSD_TAGS", "none", "none", "dogstatsd");
        c.console = e.onOff("SEQLOG_CONSOLE", true);
        if (c.maxBodyBytes < maxRecord) {
            throw new ConfigException("SEQLOG_MAX_BODY_BYTES (" + c.maxBodyBytes
                    + ") must be at least SEQLOG_MAX_RECORD_BYTES (" + maxRecord + ")");
        }
        c.limits = new Limits(maxBatch, maxRecord, maxMeta, maxTag, maxNode, maxLimit, maxTopics, maxTotal);
        c.checkBindSafety();
        List<String> unknown = new ArrayList<>();
        for (String k : new TreeSet<>(vars.keySet())) {
            if (k.startsWith("SEQLOG_") && !VARIABLES.contains(k) && !ConnectionPolicy.VARIABLES.contains(k)) {
                unknown.add(k);
            }
        }
        c.unknownVariables = List.copyOf(unknown);
        return c;
    }

    private static Path path(Env e, String name, String def) throws ConfigException {
        String v = e.string(name, def);
        if (v == null) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException ex) {
            throw new ConfigException(name + " is not a valid path: " + ex.getMessage());
        }
    }

    private void checkBindSafety() throws ConfigException {
        if (!keys.enabled() && !Addresses.isLoopback(host) && !allowInsecureNoAuth) {
            throw new ConfigException("refusing to bind " + host + " without SEQLOG_API_KEYS: a non-loopback bind"
                    + " needs API keys, or SEQLOG_ALLOW_INSECURE_NO_AUTH=1 to run without authentication");
        }
    }

    private ServerConfig copy() {
        ServerConfig c = new ServerConfig();
        c.host = host;
        c.port = port;
        c.portFile = portFile;
        c.dataDir = dataDir;
        c.keys = keys;
        c.allowInsecureNoAuth = allowInsecureNoAuth;
        c.probeAuth = probeAuth;
        c.logLevel = logLevel;
        c.accessLog = accessLog;
        c.shutdownGraceMs = shutdownGraceMs;
        c.walShards = walShards;
        c.coldDir = coldDir;
        c.s3 = s3;
        c.coldCacheBytes = coldCacheBytes;
        c.cluster = cluster;
        c.segmentMaxEvents = segmentMaxEvents;
        c.segmentMaxBytes = segmentMaxBytes;
        c.segmentMaxAgeMs = segmentMaxAgeMs;
        c.hotRetainSegments = hotRetainSegments;
        c.hotRetainBytes = hotRetainBytes;
        c.maxBodyBytes = maxBodyBytes;
        c.connections = connections;
        c.limits = limits;
        c.maxClaim = maxClaim;
        c.maxWatchTopics = maxWatchTopics;
        c.maxRouters = maxRouters;
        c.maxWatchSessions = maxWatchSessions;
        c.maxSseConnections = maxSseConnections;
        c.maxSseConnectionsPerKey = maxSseConnectionsPerKey;
        c.maxInflightPerKey = maxInflightPerKey;
        c.metricsMaxTopics = metricsMaxTopics;
        c.statsd = statsd;
        c.statsdIntervalMs = statsdIntervalMs;
        c.statsdPrefix = statsdPrefix;
        c.statsdTags = statsdTags;
        c.console = console;
        c.unknownVariables = unknownVariables;
        return c;
    }

    /**
     * This configuration listening on another port. Default: 4000 ({@code SEQLOG_PORT}).
     *
     * @param v the listen port, 0 for an ephemeral one
     * @return a copy with that port
     */
    public ServerConfig withPort(int v) {
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        ServerConfig c = copy();
        c.port = v;
        return c;
    }

    /**
     * This configuration with another data directory. Default: {@code ./seqlog-data} ({@code SEQLOG_DATA_DIR}).
     *
     * @param v the data directory, or null for a purely in-memory engine
     * @return a copy with that directory
     */
    public ServerConfig withDataDir(Path v) {
        ServerConfig c = copy();
        c.dataDir = v;
        return c;
    }

    /** @return the bind address */
    public String host() {
        return host;
    }

    /** @return the listen port, 0 for ephemeral */
    public int port() {
        return port;
    }

    /** @return where to write the bound port, or null */
    public Path portFile() {
        return portFile;
    }

    /** @return the data directory, or null for in-memory */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the API keys (empty: dev mode) */
    public KeyRing keys() {
        return keys;
    }

    /** @return whether a non-loopback bind without keys was explicitly allowed */
    public boolean allowInsecureNoAuth() {
        return allowInsecureNoAuth;
    }

    /** @return whether probes require a valid key */
    public boolean probeAuth() {
        return probeAuth;
    }

    /** @return error, warn, info, debug or trace */
    public String logLevel() {
        return logLevel;
    }

    /** @return whether each completed request is logged to the {@code seqlog.access} logger */
    public boolean accessLog() {
        return accessLog;
    }

    /** @return how long in-flight requests may finish on shutdown */
    public long shutdownGraceMs() {
        return shutdownGraceMs;
    }

    /** @return the number of log writers */
    public int walShards() {
        return walShards;
    }

    /** @return the cold-tier directory, or null */
    public Path coldDir() {
        return coldDir;
    }

    /** @return the object-store cold tier's settings, or null when it is off */
    public S3Settings s3() {
        return s3;
    }

    /** @return the cluster-mode settings, or null for a single node ({@code SEQLOG_PEERS} unset) */
    public ClusterConfig cluster() {
        return cluster;
    }

    /** @return bytes of tiered segments the local cache keeps */
    public long coldCacheBytes() {
        return coldCacheBytes;
    }

    /** @return records per segment */
    public int segmentMaxEvents() {
        return segmentMaxEvents;
    }

    /** @return bytes per segment */
    public int segmentMaxBytes() {
        return segmentMaxBytes;
    }

    /** @return age that seals a segment, 0 for none */
    public long segmentMaxAgeMs() {
        return segmentMaxAgeMs;
    }

    /** @return sealed segments kept hot per topic */
    public int hotRetainSegments() {
        return hotRetainSegments;
    }

    /** @return hot sealed bytes per topic, 0 for no bound */
    public long hotRetainBytes() {
        return hotRetainBytes;
    }

    /** @return the request body limit, compressed and decompressed */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return the client timeouts and the per-address connection cap */
    public ConnectionPolicy connections() {
        return connections;
    }

    /**
     * This configuration with other client timeouts and connection cap. Default: the {@code SEQLOG_*} defaults of
     * API §13.1 ({@link ConnectionPolicy#defaults()}).
     *
     * @param v the client timeouts and connection cap
     * @return a copy with them
     */
    public ServerConfig withConnections(ConnectionPolicy v) {
        ServerConfig c = copy();
        c.connections = java.util.Objects.requireNonNull(v);
        return c;
    }

    /** @return the engine's request limits and caps */
    public Limits limits() {
        return limits;
    }

    /** @return jobs per claim and {@code /work} stream (clamp), seqs per ack, nack or extend (limit) */
    public int maxClaim() {
        return maxClaim;
    }

    /** @return topics per watch session */
    public int maxWatchTopics() {
        return maxWatchTopics;
    }

    /** @return router cap, 0 for unlimited */
    public long maxRouters() {
        return maxRouters;
    }

    /** @return watch session cap, 0 for unlimited */
    public long maxWatchSessions() {
        return maxWatchSessions;
    }

    /** @return long-lived connection cap, 0 for unlimited */
    public long maxSseConnections() {
        return maxSseConnections;
    }

    /** @return long-lived connection cap per key, 0 for unlimited */
    public long maxSseConnectionsPerKey() {
        return maxSseConnectionsPerKey;
    }

    /** @return in-flight request cap per key, 0 for unlimited */
    public long maxInflightPerKey() {
        return maxInflightPerKey;
    }

    /** @return topics with per-topic metric series, 0 for unlimited */
    public long metricsMaxTopics() {
        return metricsMaxTopics;
    }

    /** @return statsd host:port, or null */
    public String statsd() {
        return statsd;
    }

    /** @return statsd push interval */
    public long statsdIntervalMs() {
        return statsdIntervalMs;
    }

    /** @return statsd metric prefix */
    public String statsdPrefix() {
        return statsdPrefix;
    }

    /** @return none or dogstatsd */
    public String statsdTags() {
        return statsdTags;
    }

    /** @return whether the web console is served at {@code /console/} (and {@code /} redirects to it) */
    public boolean console() {
        return console;
    }

    /**
     * This configuration with the web console on or off. Default: on ({@code SEQLOG_CONSOLE}).
     *
     * @param v whether to serve the console
     * @return a copy with that setting
     */
    public ServerConfig withConsole(boolean v) {
        ServerConfig c = copy();
        c.console = v;
        return c;
    }

    /** @return SEQLOG_* variables that were set but are not understood (likely typos) */
    public List<String> unknownVariables() {
        return unknownVariables;
    }
}
