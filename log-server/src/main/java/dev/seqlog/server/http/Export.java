package dev.seqlog.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.Json;
import dev.seqlog.server.json.RecordWriter;
import dev.seqlog.server.json.Render;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /v0/topics/:topic/records}: NDJSON streaming export (API §16.2). Streams the pages of
 * the engine's export cursor (tombstone lines before the records they precede) to the blocking
 * response stream, then an {@code $end} line, or an {@code $error} line
 * if a batch fails after the status line went out. Runs on one worker thread.
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

    private static void stream(Exchange x, DiffRequest base, ExportCursor export) throws IOException {
        x.ex.setStatusCode(200);
        x.ex.getResponseHeaders().put(Headers.CONTENT_TYPE, NDJSON);
        x.ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        x.ex.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
        boolean gzip = x.acceptsGzip();
        if (gzip) {
            x.ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
        }
        x.ex.getResponseHeaders().put(Headers.VARY, "Accept-Encoding");
        if (!x.ex.isBlocking()) {
            x.ex.startBlocking();
        }
        OutputStream out = x.ex.getOutputStream();
        if (gzip) {
            out = new GZIPOutputStream(out, 8192, true);
        }
        ByteSink control = new ByteSink(256);
        JsonGenerator cg = Json.generator(control);
        ByteSink records = new ByteSink(64 << 10);
        JsonGenerator rg = Json.generator(records);
        RecordWriter rw = new RecordWriter(rg, records, base.includeTags(), base.includeMeta(), true);
        try {
            while (export.hasNext()) {
                control.reset();
                records.reset();
                Tombstone t = export.next(rw);
                rg.flush();
                if (t != null) {
                    cg.writeStartObject();
                    cg.writeFieldName("$tombstone");
                    Render.tombstone(cg, t);
                    cg.writeEndObject();
                    cg.flush();
                    control.write('\n');
                }
                out.write(control.array(), 0, control.size());
                out.write(records.array(), 0, records.size());
            }
            control.reset();
            cg.writeStartObject();
            cg.writeObjectFieldStart("$end");
            cg.writeNumberField("next_from_seq", export.bound());
            cg.writeNumberField("head_seq", export.headSeq());
            cg.writeNumberField("records", export.records());
            cg.writeEndObject();
            cg.writeEndObject();
            cg.flush();
            control.write('\n');
            out.write(control.array(), 0, control.size());
        } catch (RuntimeException e) {
            SeqlogException s = Exchange.toSeqlog(e);
            control.reset();
            cg.writeStartObject();
            cg.writeObjectFieldStart("$error");
            cg.writeStringField("code", s.code().wireName());
            cg.writeStringField("message", s.getMessage());
            cg.writeEndObject();
            cg.writeEndObject();
            cg.flush();
            control.write('\n');
            out.write(control.array(), 0, control.size());
        } finally {
            cg.close(); // returns the generators' buffers to jackson's recycler
            rg.close();
        }
        out.close();
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
