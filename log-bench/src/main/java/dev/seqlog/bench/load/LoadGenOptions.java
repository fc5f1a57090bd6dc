package dev.seqlog.bench.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The load generator's validated command line. Immutable and thread-safe once parsed.
 *
 * @param host loopback host name or address
 * @param port TCP port
 * @param workloads the workloads to run, in W1, W3, W2, W4 order (may be empty when only IDLE runs)
 * @param durability the commit class of every topic the run creates: {@code disk} or {@code fsync}
 * @param client the HTTP client implementation
 * @param apiKey bearer token, or null when the server runs without keys
 * @param topicPrefix prefix of created topic names
 * @param keepTopics whether to leave the topics in place at the end
 * @param payloadBytes W1/W2 record size: each {@code data} is a JSON string of this many bytes
 * @param w1Records W1 records in total
 * @param w1Producers W1 concurrent producers
 * @param w1Batch W1 records per write
 * @param w2Warmup W2 writes before measuring
 * @param w2Records W2 measured writes
 * @param w3Limit W3 read limit
 * @param w4Readers W4 readers: long-poll readers, or SSE watchers
 * @param w4DurationMs W4 producing time (the first {@code w4WarmupMs} of it are not in the latency figures)
 * @param w4IntervalMicros W4 interval between writes
 * @param w4Senders W4 sender connections sharing the schedule
 * @param w4WaitMs W4 long-poll {@code wait_ms}
 * @param tail how W4's readers tail the topic
 * @param sseThreads selector threads that multiplex W4's SSE streams
 * @param heartbeatMs {@code heartbeat_ms} of the watch sessions, or 0 for the server's default
 * @param idle whether to run the IDLE holder after the workloads
 * @param idleConnections IDLE: watch streams to hold open, one session each
 * @param idleHoldMs IDLE: how long to hold them once all are established
 * @param w4WarmupMs W4 records written in this first part of the run are verified but not timed
 */
public record LoadGenOptions(String host, int port, Set<Workload> workloads, String durability, ClientKind client,
                             String apiKey, String topicPrefix, boolean keepTopics, int payloadBytes, int w1Records,
                             int w1Producers, int w1Batch, int w2Warmup, int w2Records, int w3Limit, int w4Readers,
                             int w4DurationMs, int w4IntervalMicros, int w4Senders, int w4WaitMs, TailMode tail,
                             int sseThreads, int heartbeatMs, boolean idle, int idleConnections, int idleHoldMs,
                             int w4WarmupMs) {

    /**
     * Copies the workload set so the record stays immutable.
     */
    public LoadGenOptions {
        workloads = Collections.unmodifiableSet(workloads.isEmpty() ? EnumSet.noneOf(Workload.class)
                : EnumSet.copyOf(workloads));
    }

    /** The workloads; immutable constants. */
    public enum Workload {
        /** Batched appends from concurrent producers: records/s. */
        W1,
        /** Single-record writes, one in flight: acknowledgement latency. */
        W2,
        /** Diff read of W1's records: records/s. */
        W3,
        /** Readers (long-poll, or SSE watch streams) tailing a paced producer: write-to-delivery latency. */
        W4
    }

    /** How W4's readers tail the topic; immutable constants. */
    public enum TailMode {
        /** Each reader loops on {@code POST /v0/topics/:t/diff} with {@code wait_ms}. */
        LONGPOLL,
        /** Each reader is one watch session and its Server-Sent Events stream ({@code /v0/watch}). */
        SSE;

        /**
         * @param v {@code longpoll} or {@code sse}, in any case
         * @return the mode
         * @throws IllegalArgumentException for anything else
         */
        public static TailMode parse(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "longpoll" -> LONGPOLL;
                case "sse" -> SSE;
                default -> throw new IllegalArgumentException("--tail must be longpoll or sse, got " + v);
            };
        }
    }

    /** The HTTP client implementations; immutable constants. */
    public enum ClientKind {
        /** {@code java.net.http.HttpClient}, HTTP/1.1. */
        JDK,
        /** A minimal HTTP/1.1 keep-alive client on a socket per connection. */
        SOCKET
    }

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: LoadGen --url http://127.0.0.1:PORT [options]",
            "  --workload W1|W2|W3|W4|IDLE|all[,..]",
            "                                    default all, which is W1-W4 (W3 reads W1's topic; W3 alone runs W1",
            "                                    first); IDLE, only when named, holds idle watch streams open",
            "  --durability disk|fsync           class of the created topics, default disk",
            "  --client jdk|socket               HTTP client, default socket",
            "  --api-key KEY                     bearer token (default: $SEQLOG_API_KEY, else none)",
            "  --topic-prefix NAME               default loadgen",
            "  --keep-topics                     do not delete the created topics at the end",
            "  --payload BYTES                   W1/W2 record size, default 100",
            "  --w1-records N --w1-producers N --w1-batch N   defaults 1000000, 4, 100",
            "  --w2-warmup N --w2-records N      defaults 1000, 10000",
            "  --w3-limit N                      default 1000",
            "  --w4-readers N --w4-duration-ms N --w4-interval-us N --w4-senders N --w4-wait-ms N",
            "  --w4-warmup-ms N                  W4 records of the first N ms are verified, not timed; default 0",
            "                                    defaults 10, 5000, 1000, 4, 1000",
            "  --tail longpoll|sse               how W4's --w4-readers tail the topic: long-poll diff (wait_ms), or",
            "                                    one watch session and SSE stream each; default longpoll",
            "  --sse-threads N                   selector threads multiplexing W4's SSE streams, default 1",
            "  --heartbeat-ms N                  heartbeat_ms of watch sessions, default the server's (15000)",
            "  --connections N --hold-ms N       IDLE: SSE watch streams (one session each) on an idle topic, held",
            "                                    this long once all are open, on one thread; defaults 1000, 10000",
            "                                    (past ~1000 streams the server needs a higher",
            "                                    SEQLOG_MAX_CONNECTIONS_PER_ADDRESS than its default 1024)",
            "Only loopback addresses are accepted.");

    /**
     * Parses and validates the command line.
     *
     * @param args the arguments
     * @param env the environment, consulted for {@code SEQLOG_API_KEY}
     * @return the options
     * @throws IllegalArgumentException with a message for the user on any invalid input
     */
    public static LoadGenOptions parse(String[] args, java.util.Map<String, String> env) {
        String url = null;
        Set<Workload> workloads = EnumSet.allOf(Workload.class);
        boolean idle = false;
        String durability = "disk";
        ClientKind client = ClientKind.SOCKET;
        String apiKey = env.get("SEQLOG_API_KEY");
        String prefix = "loadgen";
        boolean keep = false;
        int payload = 100;
        int w1Records = 1_000_000;
        int w1Producers = 4;
        int w1Batch = 100;
        int w2Warmup = 1000;
        int w2Records = 10_000;
        int w3Limit = 1000;
        int w4Readers = 10;
        int w4Duration = 5000;
        int w4Interval = 1000;
        int w4Senders = 4;
        int w4Wait = 1000;
        int w4Warmup = 0;
        TailMode tail = TailMode.LONGPOLL;
        int sseThreads = 1;
        int heartbeatMs = 0;
        int idleConnections = 1000;
        int idleHoldMs = 10_000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keep-topics")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--url" -> url = v;
                case "--workload" -> {
                    workloads = parseWorkloads(v);
                    idle = namesIdle(v);
                }
                case "--durability" -> {
                    if (!v.equals("disk") && !v.equals("fsync")) {
                        throw new IllegalArgumentException("--durability must be disk or fsync, got " + v);
                    }
                    durability = v;
                }
                case "--client" -> client = switch (v.toLowerCase(Locale.ROOT)) {
                    case "jdk" -> ClientKind.JDK;
                    case "socket" -> ClientKind.SOCKET;
                    default -> throw new IllegalArgumentException("--client must be jdk or socket, got " + v);
                };
                case "--api-key" -> apiKey = v;
                case "--topic-prefix" -> prefix = v;
                case "--payload" -> payload = positive(a, v);
                case "--w1-records" -> w1Records = positive(a, v);
                case "--w1-producers" -> w1Producers = positive(a, v);
                case "--w1-batch" -> w1Batch = positive(a, v);
                case "--w2-warmup" -> w2Warmup = nonNegative(a, v);
                case "--w2-records" -> w2Records = positive(a, v);
                case "--w3-limit" -> w3Limit = positive(a, v);
                case "--w4-readers" -> w4Readers = positive(a, v);
                case "--w4-duration-ms" -> w4Duration = positive(a, v);
                case "--w4-interval-us" -> w4Interval = positive(a, v);
                case "--w4-senders" -> w4Senders = positive(a, v);
                case "--w4-wait-ms" -> w4Wait = positive(a, v);
                case "--w4-warmup-ms" -> w4Warmup = Integer.parseInt(v);
                case "--tail" -> tail = TailMode.parse(v);
                case "--sse-threads" -> sseThreads = positive(a, v);
                case "--heartbeat-ms" -> heartbeatMs = positive(a, v);
                case "--connections" -> idleConnections = positive(a, v);
                case "--hold-ms" -> idleHoldMs = positive(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url is not a URI: " + url, e);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("--url must look like http://127.0.0.1:PORT, got " + url);
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.equals("/v0") && !path.equals("/v0/")) {
            throw new IllegalArgumentException("--url must name the server root or /v0, got path " + path);
        }
        requireLoopback(uri.getHost());
        if (payload < 24) {
            throw new IllegalArgumentException("--payload must be at least 24 bytes to hold the record id");
        }
        if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,200}")) {
            throw new IllegalArgumentException("--topic-prefix is not a valid topic name prefix: " + prefix);
        }
        if (w1Records % (w1Producers * w1Batch) != 0) {
            throw new IllegalArgumentException("--w1-records must be a multiple of producers x batch");
        }
        return new LoadGenOptions(uri.getHost(), uri.getPort(), workloads, durability, client, apiKey, prefix, keep,
                payload, w1Records, w1Producers, w1Batch, w2Warmup, w2Records, w3Limit, w4Readers, w4Duration,
                w4Interval, w4Senders, w4Wait, tail, sseThreads, heartbeatMs, idle, idleConnections, idleHoldMs,
                w4Warmup);
    }

    /**
     * Refuses any host that does not resolve only to loopback addresses.
     *
     * @param host the host
     * @throws IllegalArgumentException if it is not loopback or does not resolve
     */
    static void requireLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host, e);
        }
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing non-loopback target " + host + " (" + a + ")");
            }
        }
    }

    private static boolean namesIdle(String v) {
        for (String w : v.split(",")) {
            if (w.trim().equalsIgnoreCase("IDLE")) {
                return true;
            }
        }
        return false;
    }

    /** The W1-W4 named in a {@code --workload} list; {@code IDLE} is accepted and left to the caller. */
    private static Set<Workload> parseWorkloads(String v) {
        Set<Workload> out = EnumSet.noneOf(Workload.class);
        List<String> bad = new ArrayList<>();
        boolean idle = false;
        for (String w : v.split(",")) {
            String t = w.trim().toUpperCase(Locale.ROOT);
            if (t.equals("ALL")) {
                out.addAll(EnumSet.allOf(Workload.class));
                continue;
            }
            if (t.equals("IDLE")) {
                idle = true;
                continue;
            }
            try {
                out.add(Workload.valueOf(t));
            } catch (IllegalArgumentException e) {
                bad.add(w);
            }
        }
        if (!bad.isEmpty() || (out.isEmpty() && !idle)) {
            throw new IllegalArgumentException("--workload takes W1, W2, W3, W4, IDLE or all, got " + v);
        }
        return out;
    }

    private static int positive(String flag, String v) {
        int n = nonNegative(flag, v);
        if (n == 0) {
            throw new IllegalArgumentException(flag + " must be positive");
        }
        return n;
    }

    private static int nonNegative(String flag, String v) {
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < 0) {
                throw new IllegalArgumentException(flag + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, got " + v, e);
        }
    }

    /** @return how many W4 records the warm-up covers: verified, not timed */
    public int w4WarmupRecords() {
        return (int) (w4WarmupMs * 1000L / w4IntervalMicros);
    }
}
