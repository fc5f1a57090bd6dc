package dev.seqlog.bench.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.bench.queue.QueueClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A worker over HTTP (API §10.3, §10.5): {@code POST /v0/topics/:q/claim} with {@code {"node","max"}}, then
 * {@code POST /v0/topics/:q/ack} naming the claimed seqs by node (no lease ids), one request in flight on
 * its own keep-alive connection. Confined to its worker thread.
 */
final class HttpQueueClient implements QueueClient {
    private final HttpConnection conn;
    private final String claimPath;
    private final String ackPath;
    private final String node;
    private final ByteSink body = new ByteSink(256);
    private long[] claimed = new long[0];
    private int count;

    HttpQueueClient(HttpConnection conn, String queue, String node) {
        this.conn = conn;
        this.claimPath = SeqlogHttpClient.path(queue) + "/claim";
        this.ackPath = SeqlogHttpClient.path(queue) + "/ack";
        this.node = node; // the target's own worker names, which need no JSON escaping
    }

    @Override
    public int claim(int max, long[] keys) throws IOException {
        body.reset().ascii("{\"node\":\"").ascii(node).ascii("\",\"max\":").num(max).ascii("}");
        HttpConnection.Response r = conn.exchange("POST", claimPath, body.array(), body.length());
        ok(r, claimPath);
        if (claimed.length != max) {
            claimed = new long[max]; // parseClaim refuses more jobs than this holds, so more than were asked
        }
        count = parseClaim(r.body(), r.length(), claimed);
        System.arraycopy(claimed, 0, keys, 0, count);
        return count;
    }

    @Override
    public int ackClaimed() throws IOException {
        if (count == 0) {
            return 0;
        }
        body.reset().ascii("{\"node\":\"").ascii(node).ascii("\",\"seqs\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body.ascii(",");
            }
            body.num(claimed[i]);
        }
        body.ascii("]}");
        HttpConnection.Response r = conn.exchange("POST", ackPath, body.array(), body.length());
        ok(r, ackPath);
        return Math.toIntExact(parseAcked(r.body(), r.length()));
    }

    /** Fails with the status and body, and a hint when the route itself is missing. */
    static void ok(HttpConnection.Response r, String path) {
        if (r.status() == 200) {
            return;
        }
        String hint = r.status() == 404 && !r.text().contains("topic_not_found")
                ? " (this server may not have the queue endpoints of API §10)" : "";
        throw new LoadGenException("POST " + path + " -> " + r.status() + " " + r.text() + hint);
    }

    /**
     * Reads a claim response's {@code claimed[].$seq} in order, skipping every other field.
     *
     * @param body the response body
     * @param length its length
     * @param seqs receives the seqs from index 0
     * @return how many jobs were claimed
     * @throws IOException on malformed JSON
     * @throws LoadGenException if the response is not a claim response, holds more jobs than {@code seqs}, a
     *         job without a seq, or a {@code count} that disagrees
     */
    static int parseClaim(byte[] body, int length, long[] seqs) throws IOException {
        int n = 0;
        long count = -1;
        boolean sawClaimed = false;
        try (JsonParser jp = SeqlogHttpClient.JSON.createParser(body, 0, length)) {
            SeqlogHttpClient.expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                if (name.equals("claimed")) {
                    SeqlogHttpClient.expect(v, JsonToken.START_ARRAY);
                    sawClaimed = true;
                    while (jp.nextToken() == JsonToken.START_OBJECT) {
                        if (n == seqs.length) {
                            throw new LoadGenException("claim response holds more than the " + seqs.length
                                    + " jobs asked for");
                        }
                        seqs[n++] = jobSeq(jp);
                    }
                } else if (name.equals("count")) {
                    count = jp.getLongValue();
                } else {
                    SeqlogHttpClient.skip(jp, v);
                }
            }
        }
        if (!sawClaimed || (count >= 0 && count != n)) {
            throw new LoadGenException("malformed claim response: " + text(body, length));
        }
        return n;
    }

    /** Reads one {@code claimed[]} entry, the parser just past its START_OBJECT; returns its {@code $seq}. */
    private static long jobSeq(JsonParser jp) throws IOException {
        long seq = -1;
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            JsonToken v = jp.nextToken();
            if (name.equals("$seq")) {
                seq = jp.getLongValue();
            } else {
                SeqlogHttpClient.skip(jp, v);
            }
        }
        if (seq < 1) {
            throw new LoadGenException("claimed job without a $seq");
        }
        return seq;
    }

    /**
     * @param body an ack response body
     * @param length its length
     * @return its {@code acked}
     * @throws IOException on malformed JSON
     * @throws LoadGenException if it has no {@code acked}
     */
    static long parseAcked(byte[] body, int length) throws IOException {
        long acked = -1;
        try (JsonParser jp = SeqlogHttpClient.JSON.createParser(body, 0, length)) {
            SeqlogHttpClient.expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                if (name.equals("acked") && v == JsonToken.VALUE_NUMBER_INT) {
                    acked = jp.getLongValue();
                } else {
                    SeqlogHttpClient.skip(jp, v);
                }
            }
        }
        if (acked < 0) {
            throw new LoadGenException("malformed ack response: " + text(body, length));
        }
        return acked;
    }

    private static String text(byte[] body, int length) {
        return new String(body, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        conn.close();
    }
}
