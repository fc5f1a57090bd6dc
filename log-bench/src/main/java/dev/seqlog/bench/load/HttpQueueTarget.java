package dev.seqlog.bench.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.Durability;
import dev.seqlog.bench.Payloads;
import dev.seqlog.bench.queue.QueueClient;
import dev.seqlog.bench.queue.QueueOptions;
import dev.seqlog.bench.queue.QueueTarget;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues of a seqlog server over HTTP, each of one durability class and {@code leases_durable} setting:
 * created with {@code PUT /v0/topics/:q}, filled with JSON batch writes, inspected with
 * {@code GET /v0/topics/:q}; every worker gets its own keep-alive connection of the load generator's socket
 * client. Thread-safe.
 */
public final class HttpQueueTarget implements QueueTarget, AutoCloseable {
    /** Jobs per write while filling, well inside the 10,000-record write limit. */
    static final int FILL_BATCH = 1000;

    private final HttpTransport transport;
    private final Durability durability;
    private final boolean leasesDurable;

    /**
     * @param host the server's loopback address
     * @param port its port
     * @param durability the queues' class
     * @param leasesDurable the queues' {@code leases_durable}
     */
    public HttpQueueTarget(String host, int port, Durability durability, boolean leasesDurable) {
        this.transport = new SocketHttpTransport(host, port, null);
        this.durability = durability;
        this.leasesDurable = leasesDurable;
    }

    /** What {@code GET /v0/topics/:q} says of a queue; immutable. */
    record State(String type, long count, long ready, long inFlight) {
    }

    @Override
    public long[] prefill(String queue, int jobs, int payloadBytes) throws IOException {
        try (HttpConnection conn = transport.open()) {
            createQueue(conn, queue);
            SeqlogHttpClient writer = new SeqlogHttpClient(conn);
            byte[] payload = Payloads.jsonString(payloadBytes);
            ByteSink body = new ByteSink(FILL_BATCH * (payloadBytes + 16) + 32);
            long[] keys = new long[jobs];
            int at = 0;
            while (at < jobs) {
                int n = Math.min(FILL_BATCH, jobs - at);
                body.reset().ascii("{\"records\":[");
                for (int i = 0; i < n; i++) {
                    body.ascii(i == 0 ? "{\"data\":" : ",{\"data\":").bytes(payload).ascii("}");
                }
                body.ascii("]}");
                SeqlogHttpClient.Ack ack = writer.append(queue, body);
                if (ack.count() != n || ack.lastSeq() - ack.firstSeq() != n - 1) {
                    throw new LoadGenException("a fill of " + n + " jobs was acknowledged as " + ack);
                }
                for (int i = 0; i < n; i++) {
                    keys[at++] = ack.firstSeq() + i;
                }
            }
            return keys;
        }
    }

    private void createQueue(HttpConnection conn, String queue) throws IOException {
        ByteSink body = new ByteSink(128).ascii("{\"type\":\"queue\",\"durability\":\"")
                .ascii(QueueOptions.className(durability)).ascii("\",\"leases_durable\":")
                .ascii(Boolean.toString(leasesDurable)).ascii("}");
        String path = SeqlogHttpClient.path(queue);
        HttpConnection.Response r = conn.exchange("PUT", path, body.array(), body.length());
        if (r.status() != 201) {
            throw new LoadGenException("PUT " + path + " -> " + r.status() + " " + r.text()
                    + (r.status() == 200 ? " (the queue already existed)" : ""));
        }
    }

    @Override
    public QueueClient open(String queue, int worker) throws IOException {
        return new HttpQueueClient(transport.open(), queue, "worker-" + worker);
    }

    @Override
    public Leftover leftover(String queue, long[] keys) throws IOException {
        String path = SeqlogHttpClient.path(queue) + "?touch=false";
        State s;
        try (HttpConnection conn = transport.open()) {
            HttpConnection.Response r = conn.exchange("GET", path, null, 0);
            if (r.status() != 200) {
                throw new LoadGenException("GET " + path + " -> " + r.status() + " " + r.text());
            }
            s = parseState(r.body(), r.length());
        }
        List<String> problems = new ArrayList<>();
        if (!"queue".equals(s.type())) {
            problems.add(queue + " has type " + s.type() + ", not queue");
        }
        if (s.ready() + s.inFlight() != s.count()) {
            problems.add("ready " + s.ready() + " + in_flight " + s.inFlight() + " != count " + s.count());
        }
        return new Leftover(s.count(), s.inFlight(), problems);
    }

    /**
     * Reads the fields of a topic state response (API §2.2) that say what a queue holds.
     *
     * @param body the response body
     * @param length its length
     * @return type, count and the queue counters; -1 for a counter that is missing
     * @throws IOException on malformed JSON
     * @throws LoadGenException if it has no {@code count}
     */
    static State parseState(byte[] body, int length) throws IOException {
        String type = null;
        long count = -1;
        long ready = -1;
        long inFlight = -1;
        try (JsonParser jp = SeqlogHttpClient.JSON.createParser(body, 0, length)) {
            SeqlogHttpClient.expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                switch (name) {
                    case "type" -> type = jp.getText();
                    case "count" -> count = jp.getLongValue();
                    case "queue" -> {
                        SeqlogHttpClient.expect(v, JsonToken.START_OBJECT);
                        while (jp.nextToken() == JsonToken.FIELD_NAME) {
                            String k = jp.currentName();
                            JsonToken kv = jp.nextToken();
                            if (k.equals("ready")) {
                                ready = jp.getLongValue();
                            } else if (k.equals("in_flight")) {
                                inFlight = jp.getLongValue();
                            } else {
                                SeqlogHttpClient.skip(jp, kv);
                            }
                        }
                    }
                    default -> SeqlogHttpClient.skip(jp, v);
                }
            }
        }
        if (count < 0) {
            throw new LoadGenException("topic state without a count");
        }
        return new State(type, count, ready, inFlight);
    }

    /**
     * @return e.g. {@code seqlog HTTP fsync, leases off}
     */
    public String describe() {
        return "seqlog HTTP " + QueueOptions.className(durability) + ", " + QueueOptions.leasesLabel(leasesDurable);
    }

    @Override
    public void close() {
        transport.close();
    }
}
