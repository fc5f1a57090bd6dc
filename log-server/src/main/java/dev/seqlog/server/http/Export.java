package dev.seqlog.server.http;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /v0/topics/:topic/records}: NDJSON streaming export (API §16.2). Streams the pages of
 * the engine's export cursor through {@link ExportStream}, which writes without blocking and renders
 * one page at a time on a worker.
 */
final class Export {
    private static final String NDJSON = "application/x-ndjson";

    private Export() {
    }

    static void handle(Exchange x) throws Exception {
        QueryParams q = x.query();
        long from = q.u64("from_seq", 0, false);
        String toParam = q.string("to_seq");
        long to = q.u64("to_seq", Long.MAX_VALUE, true);
        if (toParam != null && to < from) {
            throw SeqlogException.invalid("to_seq", "to_seq must not be below from_seq");
        }
        Set<String> nodes = new LinkedHashSet<>();
        for (String n : q.all("node")) {
            x.api.config.limits().checkNode(n);
            nodes.add(n);
        }
        boolean tags = q.bool("include_tags", false);
        boolean meta = q.bool("include_meta", true);
        checkAccept(x.header("Accept"));
        String topic = Names.requireTopic(x.param(0));
        DiffRequest base = new DiffRequest(from, x.api.config.limits().maxLimit(), nodes, tags, meta, 0);
        stream(x, base, x.api.engine.export(topic, base, to));
    }

    private static void stream(Exchange x, DiffRequest base, ExportCursor export) {
        x.ex.setStatusCode(200);
        x.ex.getResponseHeaders().put(Headers.CONTENT_TYPE, NDJSON);
        x.ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        x.ex.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
        boolean gzip = x.acceptsGzip();
        if (gzip) {
            x.ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
        }
        x.ex.getResponseHeaders().put(Headers.VARY, "Accept-Encoding");
        new ExportStream(x.ex, base, export, x.api.workers, gzip).start();
    }

    /** Absent, any wildcard that covers NDJSON, or an explicit application/x-ndjson. */
    private static void checkAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String part : List.of(accept.split(","))) {
            String type = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("*/*") || type.equals("application/*") || type.equals(NDJSON)) {
                return;
            }
        }
        throw new SeqlogException(ErrorCode.NOT_ACCEPTABLE, "this route only produces application/x-ndjson");
    }
}
