package dev.seqlog.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.Json;
import dev.seqlog.server.json.Render;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

/**
 * One API request in progress: the Undertow exchange, its start time, matched parameters, caller
 * identity, query, and the performance figures of its response. Renders JSON responses (with the
 * performance block and optional gzip) and the error envelope. Confined to one thread at a time: the
 * handler's, then, after a long-poll, the worker that resumes it.
 */
final class Exchange {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    final HttpServerExchange ex;
    final Api api;
    private final long startNanos;
    private final List<String> params;
    private QueryParams query;
    ApiKey key = ApiKey.DEV_MODE;
    /** Runs once just before a whole answer is sent (frees the key's in-flight slot), or null. */
    Runnable beforeAnswer;
    /** The request body as received, or null for a route without one. */
    byte[] raw;

    /** Engine time spent appending, in ns, or -1 when not applicable. */
    long walNanos = -1;
    /** Engine time spent waiting for a flush, in ns, or -1. */
    long fsyncNanos = -1;
    /** Seqs examined by a read, or -1. */
    long scanned = -1;

    Exchange(HttpServerExchange ex, Api api, long startNanos, List<String> params) {
        this.ex = ex;
        this.api = api;
        this.startNanos = startNanos;
        this.params = params;
    }

    /** The percent-decoded path parameter (the topic name); undecodable input is kept raw, to fail validation. */
    String param(int i) {
        String raw = params.get(i);
        String decoded = PercentCodec.decode(raw, false);
        return decoded == null ? raw : decoded;
    }

    QueryParams query() {
        if (query == null) {
            query = QueryParams.parse(ex.getQueryString());
        }
        return query;
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    Body body(boolean ndjsonAllowed) {
        return BodyIn.decode(ex, raw == null ? new byte[0] : raw, api.config.maxBodyBytes(), ndjsonAllowed);
    }

    /** Writes the fields of a JSON object body. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** An open JSON response: the sink and a generator that has written the opening brace. */
    static final class Out {
        final ByteSink sink = new ByteSink(512);
        final JsonGenerator gen = Json.generator(sink);

        Out() throws IOException {
            gen.writeStartObject();
        }
    }

    /** Renders a completed engine result. */
    @FunctionalInterface
    interface Then<T> {
        void accept(T result) throws Exception;
    }

    /**
     * Renders the outcome of an asynchronous engine call without holding a thread while it is pending
     * (an fsync-class append waits for a disk flush): the exchange is dispatched, and the completion is
     * handed to the connection's I/O thread, which renders and writes the answer without blocking.
     * Must be called from the handler.
     */
    <T> void await(CompletableFuture<T> future, Then<T> then) throws Exception {
        await(future, then, false);
    }

    /**
     * Like {@link #await(CompletableFuture, Then)}; with {@code completerRenders}, the thread that completes
     * the future renders at once, for futures completed on the connection's I/O thread already (a long-poll's
     * read).
     */
    <T> void await(CompletableFuture<T> future, Then<T> then, boolean completerRenders) throws Exception {
        if (future.isDone()) {
            then.accept(future.join());
            return;
        }
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> future.whenComplete((result, err) -> {
            Runnable render = () -> {
                try {
                    if (err != null) {
                        throw err;
                    }
                    then.accept(result);
                } catch (Throwable t) {
                    fail(t);
                }
            };
            if (completerRenders) {
                render.run();
            } else {
                ex.getIoThread().execute(render);
            }
        }));
    }

    /** Sends a JSON object with the performance block. */
    void json(int status, Fields fields) throws IOException {
        Out o = new Out();
        fields.write(o.gen);
        finish(status, o);
    }

    /** Closes an open JSON response with the performance block and sends it. */
    void finish(int status, Out o) throws IOException {
        performance(o.gen);
        o.gen.writeEndObject();
        o.gen.close(); // flushes, and hands the generator's buffers back to jackson's per-thread recycler
        send(status, JSON_TYPE, o.sink);
    }

    /** Sends a JSON object without the performance block (probes). */
    void plainJson(int status, Fields fields) throws IOException {
        Out o = new Out();
        fields.write(o.gen);
        o.gen.writeEndObject();
        o.gen.close();
        send(status, JSON_TYPE, o.sink);
    }

    private void performance(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("performance");
        g.writeNumberField("server_total_ms", millis(System.nanoTime() - startNanos));
        if (walNanos >= 0) {
            g.writeNumberField("wal_append_ms", millis(walNanos));
        }
        if (fsyncNanos >= 0) {
            g.writeNumberField("fsync_ms", millis(fsyncNanos));
        }
        if (scanned >= 0) {
            g.writeNumberField("records_scanned", scanned);
        }
        g.writeEndObject();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** Whether the client accepts a gzip response. */
    boolean acceptsGzip() {
        for (String v : ex.getRequestHeaders().get(Headers.ACCEPT_ENCODING) == null ? List.<String>of()
                : ex.getRequestHeaders().get(Headers.ACCEPT_ENCODING)) {
            for (String part : v.split(",")) {
                String[] p = part.trim().split(";");
                if (p[0].trim().equalsIgnoreCase("gzip")) {
                    return p.length < 2 || !p[1].replace(" ", "").toLowerCase(Locale.ROOT).matches("q=0(\\.0*)?");
                }
            }
        }
        return false;
    }

    void send(int status, String contentType, ByteSink body) throws IOException {
        byte[] bytes = body.array();
        int len = body.size();
        if (acceptsGzip()) {
            ByteSink z = new ByteSink(Math.max(64, len / 2));
            try (GZIPOutputStream gz = new GZIPOutputStream(z, 4096)) {
                gz.write(bytes, 0, len);
            }
            bytes = z.array();
            len = z.size();
            ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
        }
        ex.getResponseHeaders().put(Headers.VARY, "Accept-Encoding");
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, len);
        if (beforeAnswer != null) {
            beforeAnswer.run();
        }
        ex.getResponseSender().send(ByteBuffer.wrap(bytes, 0, len));
    }

    /**
     * The one exception-to-envelope mapper: a {@link SeqlogException} keeps its code; anything else is
     * logged and answered 500 internal. Adds Retry-After, WWW-Authenticate and Allow as API §1.10 says.
     */
    void fail(Throwable t) {
        SeqlogException e = toSeqlog(t);
        if (ex.isResponseStarted()) {
            LOG.debug("request failed after the response started: {}", e.getMessage());
            ex.endExchange();
            return;
        }
        try {
            ex.getResponseHeaders().clear();
            int status = e.code().httpStatus();
            if (status == 429 || status == 503) {
                Object ms = e.detail().get("retry_after_ms");
                long secs = ms instanceof Number n ? Math.max(1, (n.longValue() + 999) / 1000) : 1;
                ex.getResponseHeaders().put(RETRY_AFTER, secs);
            }
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            }
            if (e.code() == ErrorCode.METHOD_NOT_ALLOWED && e.detail().get("allow") instanceof List<?> allow) {
                ex.getResponseHeaders().put(Headers.ALLOW, String.join(", ", allow.stream().map(String::valueOf).toList()));
            }
            json(status, g -> Render.error(g, e));
        } catch (IOException | RuntimeException io) {
            LOG.debug("could not send an error response: {}", io.toString());
            ex.endExchange();
        }
    }

    static SeqlogException toSeqlog(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException
                || c instanceof java.io.UncheckedIOException && c.getCause() instanceof SeqlogException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof SeqlogException s) {
            return s;
        }
        if (c instanceof io.undertow.server.RequestTooBigException) {
            return new SeqlogException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
        }
        if (c instanceof IOException) {
            // a broken connection while reading or writing: nobody is left to answer
            LOG.debug("I/O failure serving a request: {}", c.toString());
        } else {
            LOG.error("unexpected failure serving a request", c);
        }
        return new SeqlogException(ErrorCode.INTERNAL, "internal error");
    }
}
