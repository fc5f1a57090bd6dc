package dev.seqlog.server.cli;

import java.util.List;

/**
 * The server's configuration variables as the command line presents them (API §13.1 and the connection
 * limits of §12.3): name, default as documented, and a one-line meaning. Parsing and validation stay in
 * {@link dev.seqlog.server.config.ServerConfig}; this table only feeds options and help. Immutable.
 */
final class ServerVariables {
    /**
     * One variable.
     *
     * @param name the SEQLOG_* name
     * @param defaultText the default as shown in help
     * @param meaning one line of help
     * @param flag whether the option may be given without a value (meaning 1)
     * @param environmentOnly whether it has no option (a command line is visible to every local user)
     */
    record Variable(String name, String defaultText, String meaning, boolean flag, boolean environmentOnly) {
        /** @return {@code --port} for SEQLOG_PORT */
        String option() {
            return "--" + name.substring("SEQLOG_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    static final List<Variable> ALL = List.of(
            v("SEQLOG_HOST", "127.0.0.1", "Bind address; host:port also sets the port."),
            v("SEQLOG_PORT", "4000", "Listen port; 0 asks the OS for a free port."),
            v("SEQLOG_PORT_FILE", "unset", "File the bound port is written to (atomically) after binding."),
            v("SEQLOG_DATA_DIR", "./seqlog-data", "Data directory; created if missing, recovered if not empty."),
            new Variable("SEQLOG_API_KEYS", "unset", "Comma-separated key entries; unset means auth disabled.",
                    false, true),
            new Variable("SEQLOG_ALLOW_INSECURE_NO_AUTH", "0", "Permit a non-loopback bind with no keys.", true, false),
            new Variable("SEQLOG_PROBE_AUTH", "0", "Require a valid key on the health and readiness probes.",
                    true, false),
            v("SEQLOG_LOG_LEVEL", "info", "error, warn, info, debug or trace."),
            new Variable("SEQLOG_ACCESS_LOG", "0", "Log one line per completed request (logger seqlog.access, INFO).",
                    true, false),
            v("SEQLOG_CONSOLE", "on", "Serve the read-only web console at /console/ (on or off)."),
            v("SEQLOG_SHUTDOWN_GRACE_MS", "10000", "Time in-flight requests may finish on SIGTERM/SIGINT."),
            v("SEQLOG_WAL_SHARDS", "min(available CPUs, 8)", "Independent log writers, 1 to 64."),
            v("SEQLOG_COLD_DIR", "unset", "Cold-tier directory for older sealed segments (must exist)."),
            v("SEQLOG_SEGMENT_MAX_EVENTS", "10000", "Seal the active segment after this many records."),
            v("SEQLOG_SEGMENT_MAX_BYTES", "67108864", "Seal the active segment after this many bytes."),
            v("SEQLOG_SEGMENT_MAX_AGE_MS", "3600000", "Seal a non-empty active segment after this age; 0 disables."),
            v("SEQLOG_HOT_RETAIN_SEGMENTS", "4", "Sealed segments per topic kept hot (with a cold directory)."),
            v("SEQLOG_HOT_RETAIN_BYTES", "0", "Bound on hot sealed bytes per topic; 0 means none."),
            v("SEQLOG_S3_BUCKET", "unset", "Bucket of the object-store cold tier; setting it turns the tier on."),
            v("SEQLOG_S3_ENDPOINT", "AWS", "http(s)://host:port of an S3-compatible server."),
            v("SEQLOG_S3_PREFIX", "empty", "Key prefix in the bucket, one per data directory."),
            v("SEQLOG_S3_REGION", "us-east-1", "Signing region of the object store."),
            v("SEQLOG_S3_ACCESS_KEY_ID", "SDK chain", "Access key id (with the secret; both or neither)."),
            new Variable("SEQLOG_S3_SECRET_ACCESS_KEY", "SDK chain", "Secret access key (with the id).", false,
                    true),
            v("SEQLOG_S3_PATH_STYLE", "true", "Path-style addressing (with an endpoint)."),
            v("SEQLOG_COLD_CACHE_BYTES", "1073741824", "Local cache of segments fetched from the object store."),
            v("SEQLOG_PEERS", "unset", "Cluster mode: id=host:port of every member's Raft port, this node's "
                    + "included, comma-separated. This node's Raft port binds its own entry's address."),
            v("SEQLOG_NODE_ID", "unset", "This node's id in cluster mode; one of the ids in SEQLOG_PEERS."),
            v("SEQLOG_CLUSTER_NAME", "seqlog", "Cluster name, the same on every member (cluster mode)."),
            v("SEQLOG_MAX_BODY_BYTES", "67108864", "Request body limit; at least SEQLOG_MAX_RECORD_BYTES."),
            v("SEQLOG_MAX_BATCH_RECORDS", "10000", "Records per write."),
            v("SEQLOG_MAX_RECORD_BYTES", "1048576", "Accounted data + meta bytes per record."),
            v("SEQLOG_MAX_META_BYTES", "16384", "meta bytes per record."),
            v("SEQLOG_MAX_TAG_BYTES", "256", "tag length."),
            v("SEQLOG_MAX_NODE_BYTES", "128", "node length."),
            v("SEQLOG_MAX_LIMIT", "1000", "Records per read batch (clamp)."),
            v("SEQLOG_MAX_CLAIM", "1000", "Jobs per claim and seqs per ack/nack/extend."),
            v("SEQLOG_MAX_WATCH_TOPICS", "256", "Topics per watch session or WebSocket subscribe."),
            v("SEQLOG_MAX_TOPICS", "100000", "Topic cap; 0 means unlimited."),
            v("SEQLOG_MAX_ROUTERS", "10000", "Router cap; 0 means unlimited."),
            v("SEQLOG_MAX_WATCH_SESSIONS", "10000", "Watch session cap; 0 means unlimited."),
            v("SEQLOG_MAX_SSE_CONNECTIONS", "10000", "SSE + WebSocket connection cap; 0 means unlimited."),
            v("SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY", "1000", "SSE + WebSocket connections per key; 0 means unlimited."),
            v("SEQLOG_MAX_INFLIGHT_PER_KEY", "1000", "Concurrent ordinary requests per key; 0 means unlimited."),
            v("SEQLOG_MAX_TOTAL_BYTES", "0", "Quota on accounted bytes of live records; 0 means unlimited."),
            v("SEQLOG_METRICS_MAX_TOPICS", "1000", "Topics with per-topic metric series; 0 means unlimited."),
            v("SEQLOG_STATSD", "unset", "host:port of a statsd UDP endpoint; enables the push."),
            v("SEQLOG_STATSD_INTERVAL_MS", "10000", "statsd push interval; at least 1000."),
            v("SEQLOG_STATSD_PREFIX", "seqlog", "Prefix of pushed metric names."),
            v("SEQLOG_STATSD_TAGS", "none", "none (labels in names) or dogstatsd (labels as tags)."),
            v("SEQLOG_HEADER_TIMEOUT_MS", "10000", "Time from a request's first byte to complete headers."),
            v("SEQLOG_BODY_TIMEOUT_MS", "60000", "Time from the headers to the whole body (then 408)."),
            v("SEQLOG_IDLE_TIMEOUT_MS", "60000", "Time a keep-alive connection may sit idle."),
            v("SEQLOG_WRITE_TIMEOUT_MS", "30000", "Time a response write may make no progress."),
            v("SEQLOG_MAX_CONNECTIONS_PER_ADDRESS", "1024", "Open connections per client address; 0 means no cap."),
            v("SEQLOG_BODY_BYTES_IN_FLIGHT", "268435456", "Request-body bytes held at once; 0 means no bound."));

    private ServerVariables() {
    }

    private static Variable v(String name, String defaultText, String meaning) {
        return new Variable(name, defaultText, meaning, false, false);
    }
}
