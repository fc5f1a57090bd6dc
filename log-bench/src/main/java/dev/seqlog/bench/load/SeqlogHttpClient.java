package dev.seqlog.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The /v0 calls the workloads make (create/delete topic, append, diff, create a watch session), over one
 * {@link HttpConnection}, with streaming parsing of the responses. Confined to one thread.
 */
final class SeqlogHttpClient implements AutoCloseable {
    /** Thread-safe; shared so every reader parses alike. */
    static final JsonFactory JSON = new JsonFactory();

    private final HttpConnection conn;
    private final ByteSink body = new ByteSink(256);
    private final RecordFields fields = new RecordFields();

    SeqlogHttpClient(HttpConnection conn) {
        this.conn = conn;
    }

    /** The acknowledgement of an append; immutable. */
    record Ack(long firstSeq, long lastSeq, long headSeq, int count) {
    }

    /** The cursor part of a diff response; immutable. */
    record Page(int records, long nextFromSeq, long headSeq, boolean caughtUp, boolean tombstone) {
    }

    /**
     * A watch session (API §8.2); immutable.
     *
     * @param wid the session id
     * @param streamUrl the path to {@code GET} for its event stream
     * @param fromSeq the topic's resolved starting cursor, or -1 if the response did not say
     */
    record Watch(String wid, String streamUrl, long fromSeq) {
    }

    /** Receives each record of a diff response; called on the reading thread only. */
    interface RecordVisitor {
        /**
         * @param f the record's fields, reused for the next record
         */
        void record(RecordFields f);
    }

    /**
     * Fields of one delivered record that the workloads check. Reused between records; confined to the
     * reading thread.
     */
    static final class RecordFields {
        long seq;
        /** {@code data} when it is a string, else null. */
        String dataString;
        /** {@code data.i} when data is an object, else -1. */
        long i;
        /** {@code data.t} when data is an object, else -1. */
        long t;
    }

    static String path(String topic) {
        return "/v0/topics/" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    void createTopic(String topic, String durability) throws IOException {
        body.reset().ascii("{\"durability\":\"").ascii(durability).ascii("\"}");
        HttpConnection.Response r = conn.exchange("PUT", path(topic), body.array(), body.length());
        if (r.status() != 200 && r.status() != 201) {
            throw new LoadGenException("PUT " + path(topic) + " -> " + r.status() + " " + r.text());
        }
    }

    void deleteTopic(String topic) throws IOException {
        HttpConnection.Response r = conn.exchange("DELETE", path(topic), null, 0);
        if (r.status() != 200 && r.status() != 404) {
            throw new LoadGenException("DELETE " + path(topic) + " -> " + r.status() + " " + r.text());
        }
    }

    void health() throws IOException {
        HttpConnection.Response r = conn.exchange("GET", "/v0/health", null, 0);
        if (r.status() != 200) {
            throw new LoadGenException("GET /v0/health -> " + r.status() + " " + r.text());
        }
    }

    /**
     * Appends a prepared {@code {"records":[...]}} body.
     *
     * @param topic the topic
     * @param req the body
     * @return the acknowledgement
     * @throws IOException on transport failure
     */
    Ack append(String topic, ByteSink req) throws IOException {
        String p = path(topic) + "?return_seqs=false";
        HttpConnection.Response r = conn.exchange("POST", p, req.array(), req.length());
        if (r.status() != 200 && r.status() != 201) {
            throw new LoadGenException("POST " + p + " -> " + r.status() + " " + r.text());
        }
        long first = -1;
        long last = -1;
        long head = -1;
        int count = -1;
        try (JsonParser jp = JSON.createParser(r.body(), 0, r.length())) {
            expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                switch (name) {
                    case "first_seq" -> first = jp.getLongValue();
                    case "last_seq" -> last = jp.getLongValue();
                    case "head_seq" -> head = jp.getLongValue();
                    case "count" -> count = jp.getIntValue();
                    default -> skip(jp, v);
                }
            }
        }
        if (first < 1 || last < first || count < 1) {
            throw new LoadGenException("malformed append response: " + r.text());
        }
        return new Ack(first, last, head, count);
    }

    /**
     * Reads one diff page.
     *
     * @param topic the topic
     * @param fromSeq the cursor
     * @param limit the record limit
     * @param waitMs long-poll wait, 0 for none
     * @param visitor receives each record
     * @return the page's cursor fields
     * @throws IOException on transport failure
     */
    Page diff(String topic, long fromSeq, int limit, int waitMs, RecordVisitor visitor) throws IOException {
        body.reset().ascii("{\"from_seq\":").num(fromSeq).ascii(",\"limit\":").num(limit);
        if (waitMs > 0) {
            body.ascii(",\"wait_ms\":").num(waitMs);
        }
        body.ascii("}");
        String p = path(topic) + "/diff";
        HttpConnection.Response r = conn.exchange("POST", p, body.array(), body.length());
        if (r.status() != 200) {
            throw new LoadGenException("POST " + p + " -> " + r.status() + " " + r.text());
        }
        int n = 0;
        long next = -1;
        long head = -1;
        boolean caughtUp = false;
        boolean tombstone = false;
        try (JsonParser jp = JSON.createParser(r.body(), 0, r.length())) {
            expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                switch (name) {
                    case "records" -> {
                        expect(v, JsonToken.START_ARRAY);
                        while (jp.nextToken() == JsonToken.START_OBJECT) {
                            readRecord(jp);
                            visitor.record(fields);
                            n++;
                        }
                    }
                    case "next_from_seq" -> next = jp.getLongValue();
                    case "head_seq" -> head = jp.getLongValue();
                    case "caught_up" -> caughtUp = v == JsonToken.VALUE_TRUE;
                    case "tombstone" -> {
                        tombstone = v != JsonToken.VALUE_NULL;
                        skip(jp, v);
                    }
                    default -> skip(jp, v);
                }
            }
        }
        if (next < 0 || head < 0) {
            throw new LoadGenException("malformed diff response: " + r.text());
        }
        return new Page(n, next, head, caughtUp, tombstone);
    }

    /**
     * Creates a watch session on one topic: {@code POST /v0/watch}.
     *
     * @param topic the topic; a name of the load generator's, which needs no JSON escaping
     * @param tail true to start at the topic's head as of now, false to start at seq 0
     * @param limit records per {@code record} frame
     * @param heartbeatMs the heartbeat interval, or 0 for the server's default
     * @return the session
     * @throws IOException on transport failure
     */
    Watch createWatch(String topic, boolean tail, int limit, int heartbeatMs) throws IOException {
        body.reset().ascii("{\"topics\":{\"").ascii(topic).ascii(tail ? "\":{\"tail\":true}}" : "\":{\"from_seq\":0}}")
                .ascii(",\"limit\":").num(limit);
        if (heartbeatMs > 0) {
            body.ascii(",\"heartbeat_ms\":").num(heartbeatMs);
        }
        body.ascii("}");
        HttpConnection.Response r = conn.exchange("POST", "/v0/watch", body.array(), body.length());
        if (r.status() != 200 && r.status() != 201) {
            throw new LoadGenException("POST /v0/watch -> " + r.status() + " " + r.text());
        }
        String wid = null;
        String url = null;
        long from = -1;
        try (JsonParser jp = JSON.createParser(r.body(), 0, r.length())) {
            expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                switch (name) {
                    case "wid" -> wid = jp.getText();
                    case "stream_url" -> url = jp.getText();
                    case "topics" -> {
                        expect(v, JsonToken.START_OBJECT);
                        while (jp.nextToken() == JsonToken.FIELD_NAME) {
                            boolean ours = jp.currentName().equals(topic);
                            expect(jp.nextToken(), JsonToken.START_OBJECT);
                            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                                String k = jp.currentName();
                                JsonToken kv = jp.nextToken();
                                if (ours && k.equals("from_seq")) {
                                    from = jp.getLongValue();
                                } else {
                                    skip(jp, kv);
                                }
                            }
                        }
                    }
                    default -> skip(jp, v);
                }
            }
        }
        if (wid == null || url == null || !url.startsWith("/")) {
            throw new LoadGenException("malformed watch response: " + r.text());
        }
        return new Watch(wid, url, from);
    }

    private void readRecord(JsonParser jp) throws IOException {
        readRecord(jp, fields);
    }

    /**
     * Reads the fields the workloads check from one record object, the parser just past its START_OBJECT;
     * shared by diff and the watch stream so both read records alike.
     *
     * @param jp the parser; left on the record's END_OBJECT
     * @param f receives the fields
     * @throws IOException on malformed JSON
     */
    static void readRecord(JsonParser jp, RecordFields f) throws IOException {
        f.seq = -1;
        f.dataString = null;
        f.i = -1;
        f.t = -1;
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            JsonToken v = jp.nextToken();
            if (name.equals("$seq")) {
                f.seq = jp.getLongValue();
            } else if (name.equals("data")) {
                if (v == JsonToken.VALUE_STRING) {
                    f.dataString = jp.getText();
                } else if (v == JsonToken.START_OBJECT) {
                    while (jp.nextToken() == JsonToken.FIELD_NAME) {
                        String k = jp.currentName();
                        JsonToken kv = jp.nextToken();
                        if (k.equals("i")) {
                            f.i = jp.getLongValue();
                        } else if (k.equals("t")) {
                            f.t = jp.getLongValue();
                        } else {
                            skip(jp, kv);
                        }
                    }
                } else {
                    skip(jp, v);
                }
            } else {
                skip(jp, v);
            }
        }
    }

    static void skip(JsonParser jp, JsonToken v) throws IOException {
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
            jp.skipChildren();
        }
    }

    static void expect(JsonToken actual, JsonToken wanted) {
        if (actual != wanted) {
            throw new LoadGenException("expected " + wanted + " in response, got " + actual);
        }
    }

    @Override
    public void close() {
        conn.close();
    }
}
