package dev.seqlog.client;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * An export in pages over {@code GET /v0/topics/:topic/records} (API §16.2). The bound is fixed when the cursor
 * opens (the requested {@code toSeq}, or the head then, read with {@code touch=false} so nothing counts as a
 * read). Each page is one request from the cursor to the bound whose NDJSON lines are read until the page is
 * full ({@code request.limit()} records), a second tombstone begins the next page, or the {@code $end} line; the
 * request is then closed, so an abandoned cursor holds no connection. A page's tombstone is the server's, already
 * clipped to the bound. {@link #headSeq()} follows the {@code $end} line and tombstones, so a page cut short by
 * its limit leaves it as it was.
 *
 * <p>Confined to one thread; {@link #next} blocks while its page is read.
 */
final class HttpExport implements ExportCursor {
    private final Transport transport;
    private final String topic;
    private final DiffRequest base;
    private final long bound;
    private long cursor;
    private long head;
    private long records;
    private boolean started;
    private boolean done;

    HttpExport(Transport transport, String topic, DiffRequest base, long bound) {
        this.transport = transport;
        this.topic = topic;
        this.base = base;
        this.bound = bound;
        this.cursor = base.fromSeq();
        this.head = bound;
    }

    @Override
    public boolean hasNext() {
        return !started || (!done && cursor < bound);
    }

    @Override
    public Tombstone next(RecordSink sink) {
        started = true;
        Paths.Query q = new Paths.Query().add("from_seq", cursor).add("to_seq", Math.max(bound, cursor))
                .add("include_tags", base.includeTags()).add("include_meta", base.includeMeta());
        for (String n : base.nodes()) {
            q.add("node", n);
        }
        HttpRequest req = transport.request(q.on(Paths.topic(topic, "records")))
                .header("Accept", "application/x-ndjson").GET().build();
        CompletableFuture<HttpResponse<InputStream>> sent = transport.send(req, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> resp = Calls.join(sent.exceptionallyCompose(e -> CompletableFuture.failedFuture(
                Errors.transport(e, "GET " + Paths.topic(topic, "records")))));
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw Errors.fromResponse(resp.statusCode(), resp.headers(), in.readAllBytes());
            }
            return page(new Lines(in), sink);
        } catch (IOException e) {
            throw Errors.transport(e, "GET " + Paths.topic(topic, "records"));
        }
    }

    /** Reads one page's lines; closing the stream afterwards ends the request. */
    private Tombstone page(Lines lines, RecordSink sink) throws IOException {
        Tombstone first = null;
        int n = 0;
        byte[] line;
        while ((line = lines.next()) != null) {
            if (line.length == 0) {
                continue;
            }
            Control c = control(line);
            if (c == null) { // a record line
                if (n == base.limit()) {
                    return first; // the page is full; this record opens the next one
                }
                long seq = record(line, sink);
                cursor = Math.max(cursor, seq);
                n++;
                continue;
            }
            switch (c.kind) {
                case "$tombstone" -> {
                    if (first != null || n > 0) {
                        cursor = Math.max(cursor, c.tombstone.gapFrom() - 1); // it opens the next page
                        return first;
                    }
                    first = c.tombstone;
                    head = c.tombstone.headSeq();
                    cursor = Math.max(cursor, Math.min(bound, c.tombstone.gapTo()));
                }
                case "$end" -> {
                    head = c.head;
                    cursor = Math.max(cursor, c.next);
                    done = true;
                    return first;
                }
                case "$error" -> throw c.error;
                default -> {
                    // a control line this client does not know
                }
            }
        }
        throw new SeqlogException(ErrorCode.INTERNAL, "the export stream ended without its $end line")
                .with("reason", "stream_ended");
    }

    /** Streams one record line to the sink; returns its seq. */
    private long record(byte[] line, RecordSink sink) {
        return Responses.read(line, "export record", in -> {
            RecordFields r = new RecordFields();
            String f;
            while ((f = in.field()) != null) {
                r.field(in, f);
            }
            if (r.seq <= bound) {
                records++;
                try {
                    sink.accept(new BodyRecordView(line).set(r));
                } catch (RuntimeException e) {
                    throw new Responses.SinkFailure(e);
                }
            }
            return r.seq;
        });
    }

    /** A control line: {@code $tombstone}, {@code $end} or {@code $error}. */
    private record Control(String kind, Tombstone tombstone, long next, long head, SeqlogException error) {
    }

    /** @return the control line, or null for a record line */
    private static Control control(byte[] line) {
        return Responses.read(line, "export line", in -> {
            String f = in.field();
            if (f == null || !f.startsWith("$") || f.equals("$seq") || f.equals("$ts")) {
                return null;
            }
            switch (f) {
                case "$tombstone":
                    return new Control(f, Responses.tombstone(in), 0, 0, null);
                case "$end": {
                    in.expectObject();
                    long next = 0;
                    long head = 0;
                    String g;
                    while ((g = in.field()) != null) {
                        switch (g) {
                            case "next_from_seq" -> next = in.num();
                            case "head_seq" -> head = in.num();
                            default -> in.skip();
                        }
                    }
                    return new Control(f, null, next, head, null);
                }
                case "$error": {
                    in.expectObject();
                    String code = null;
                    String message = null;
                    String g;
                    while ((g = in.field()) != null) {
                        switch (g) {
                            case "code" -> code = in.str();
                            case "message" -> message = in.str();
                            default -> in.skip();
                        }
                    }
                    ErrorCode known = code == null ? null : Errors.byWireName(code);
                    return new Control(f, null, 0, 0, new SeqlogException(known == null ? ErrorCode.INTERNAL : known,
                            message == null ? "the export failed on the server" : message));
                }
                default:
                    return new Control(f, null, 0, 0, null);
            }
        });
    }

    @Override
    public long bound() {
        return bound;
    }

    @Override
    public long headSeq() {
        return head;
    }

    @Override
    public long records() {
        return records;
    }

    /** The LF-terminated lines of a stream. Confined to one thread. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[64 << 10];
        private int pos;
        private int end;

        Lines(InputStream in) {
            this.in = in;
        }

        /** @return the next line without its LF (and CR), or null at the end of the stream */
        byte[] next() throws IOException {
            ByteArrayOutputStream line = null;
            while (true) {
                if (pos == end) {
                    end = in.read(buf);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        return line == null ? null : line.toByteArray();
                    }
                }
                int start = pos;
                while (pos < end && buf[pos] != '\n') {
                    pos++;
                }
                if (line == null) {
                    line = new ByteArrayOutputStream(Math.max(64, pos - start));
                }
                line.write(buf, start, pos - start);
                if (pos < end) {
                    pos++; // the LF
                    byte[] out = line.toByteArray();
                    int n = out.length;
                    return n > 0 && out[n - 1] == '\r' ? java.util.Arrays.copyOf(out, n - 1) : out;
                }
            }
        }
    }
}
