package dev.seqlog.bench.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the seqlog server with just what the queue benchmark calls, answering as API §2.1, §2.2, §3
 * and §10.3/§10.5 say: queue PUT, JSON batch writes, claim (lowest free seqs first, full job objects), ack by
 * node, and topic state with the queue counters. Or, switched to {@code withoutQueueRoutes}, a server that
 * predates the queue endpoints. Thread-safe: every handler runs under the server's lock.
 */
final class FakeQueueServer implements AutoCloseable {
    static {
        // The JDK server writes headers and body apart; with Nagle on, each reply waits out the client's delayed
        // ACK (about 40 ms). Read once, when the first server of the JVM is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final boolean queueRoutes;
    private final Map<String, Queue> queues = new HashMap<>(); // guarded by this
    /** The body of every PUT, in order. */
    final List<String> puts = new ArrayList<>(); // guarded by this

    /** One queue: live seqs, each mapped to the node holding its lease or to null. */
    private static final class Queue {
        final TreeMap<Long, String> live = new TreeMap<>();
        long head;
    }

    FakeQueueServer(boolean queueRoutes) throws IOException {
        this.queueRoutes = queueRoutes;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/v0/topics/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String[] parts = ex.getRequestURI().getPath().substring("/v0/topics/".length()).split("/");
            byte[] body = ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            String reply;
            int status = 200;
            synchronized (this) {
                Queue q = queues.get(parts[0]);
                String action = parts.length > 1 ? parts[1] : "";
                if (!action.isEmpty() && !queueRoutes) {
                    status = 404;
                    reply = "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}";
                } else if (method.equals("PUT")) {
                    puts.add(new String(body, StandardCharsets.UTF_8));
                    status = q == null ? 201 : 200;
                    queues.putIfAbsent(parts[0], new Queue());
                    reply = "{\"topic\":\"" + parts[0] + "\",\"created\":" + (status == 201) + ",\"config\":{}}";
                } else if (q == null) {
                    status = 404;
                    reply = "{\"error\":{\"code\":\"topic_not_found\",\"message\":\"no such topic\"}}";
                } else if (method.equals("GET")) {
                    reply = state(parts[0], q);
                } else if (action.isEmpty()) {
                    reply = write(parts[0], q, countRecords(body));
                } else if (action.equals("claim")) {
                    reply = claim(parts[0], q, body);
                } else {
                    reply = ack(parts[0], q, body);
                }
            }
            byte[] out = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } finally {
            ex.close();
        }
    }

    private static String state(String name, Queue q) {
        long inFlight = q.live.values().stream().filter(n -> n != null).count();
        return "{\"topic\":\"" + name + "\",\"type\":\"queue\",\"head_seq\":" + q.head + ",\"count\":" + q.live.size()
                + ",\"config\":{\"type\":\"queue\",\"lease_ms\":30000},\"queue\":{\"ready\":"
                + (q.live.size() - inFlight) + ",\"in_flight\":" + inFlight + ",\"dead_lettered\":0},"
                + "\"effective_priority\":500,\"performance\":{\"server_total_ms\":0.05}}";
    }

    private static String write(String name, Queue q, int n) {
        long first = q.head + 1;
        for (int i = 0; i < n; i++) {
            q.live.put(++q.head, null);
        }
        return "{\"topic\":\"" + name + "\",\"first_seq\":" + first + ",\"last_seq\":" + q.head + ",\"head_seq\":"
                + q.head + ",\"count\":" + n + ",\"created\":false,\"deduped\":false}";
    }

    private static String claim(String name, Queue q, byte[] body) throws IOException {
        Map<String, Object> req = fields(body);
        String node = (String) req.get("node");
        int max = ((Number) req.get("max")).intValue();
        StringBuilder jobs = new StringBuilder();
        int n = 0;
        for (Map.Entry<Long, String> e : q.live.entrySet()) {
            if (n == max) {
                break;
            }
            if (e.getValue() == null) {
                e.setValue(node);
                jobs.append(n++ == 0 ? "" : ",").append("{\"$seq\":").append(e.getKey())
                        .append(",\"lease_id\":\"lease_").append(String.format("%016x", e.getKey()))
                        .append("\",\"deadline\":1748450039000,\"$ts\":1748450001000,\"deliveries\":1,")
                        .append("\"data\":{\"nested\":[1,{\"$seq\":-5}]},\"meta\":{\"k\":\"v\"}}");
            }
        }
        long ready = q.live.values().stream().filter(v -> v == null).count();
        return "{\"topic\":\"" + name + "\",\"claimed\":[" + jobs + "],\"count\":" + n + ",\"ready\":" + ready
                + ",\"performance\":{\"server_total_ms\":0.42,\"throttle_wait_ms\":0.0}}";
    }

    private static String ack(String name, Queue q, byte[] body) throws IOException {
        Map<String, Object> req = fields(body);
        String node = (String) req.get("node");
        @SuppressWarnings("unchecked")
        List<Long> seqs = (List<Long>) req.get("seqs");
        int acked = 0;
        List<Long> skipped = new ArrayList<>();
        for (long s : seqs) {
            if (node.equals(q.live.get(s))) {
                q.live.remove(s);
                acked++;
            } else {
                skipped.add(s);
            }
        }
        return "{\"topic\":\"" + name + "\",\"acked\":" + acked + ",\"skipped\":" + skipped + ",\"ready\":0,"
                + "\"in_flight\":0,\"performance\":{\"server_total_ms\":0.3,\"fsync_ms\":0.2}}";
    }

    /** The top-level scalar fields of a request, and {@code seqs} as a list of longs. */
    private static Map<String, Object> fields(byte[] body) throws IOException {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser jp = SeqlogHttpClient.JSON.createParser(body)) {
            jp.nextToken();
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                if (v == JsonToken.START_ARRAY) {
                    List<Long> seqs = new ArrayList<>();
                    while (jp.nextToken() != JsonToken.END_ARRAY) {
                        seqs.add(jp.getLongValue());
                    }
                    out.put(name, seqs);
                } else if (v == JsonToken.VALUE_NUMBER_INT) {
                    out.put(name, jp.getLongValue());
                } else {
                    out.put(name, jp.getText());
                }
            }
        }
        return out;
    }

    /** The number of elements of a write's {@code records} array. */
    private static int countRecords(byte[] body) throws IOException {
        int n = 0;
        try (JsonParser jp = SeqlogHttpClient.JSON.createParser(body)) {
            jp.nextToken();
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                jp.nextToken();
                if (name.equals("records")) {
                    while (jp.nextToken() == JsonToken.START_OBJECT) {
                        jp.skipChildren();
                        n++;
                    }
                } else {
                    jp.skipChildren();
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
