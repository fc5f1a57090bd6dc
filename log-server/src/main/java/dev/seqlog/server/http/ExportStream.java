package dev.seqlog.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.Json;
import dev.seqlog.server.json.RecordWriter;
import dev.seqlog.server.json.Render;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.zip.GZIPOutputStream;

/**
 * Streams an export's pages (API §16.2) without holding a thread while the client reads: a page is rendered on
 * a worker, handed to the connection's non-blocking sender, and the next page is rendered only once that
 * write has completed. A client that stops reading therefore holds its connection (until the write timeout
 * drops it), never a worker. Each page is a tombstone line (if the page follows a gap) and its records; the
 * stream ends with an {@code $end} line, or an {@code $error} line if a page fails after the status line
 * went out. With gzip, each page is compressed and flushed on its own, so the client can decode as it reads.
 *
 * <p>Confined to one thread at a time: the worker rendering a page, then the one that renders the next.
 */
final class ExportStream implements IoCallback {
    private final HttpServerExchange ex;
    private final ExportCursor export;
    private final Executor workers;
    private final ByteSink control = new ByteSink(256);
    private final ByteSink records = new ByteSink(64 << 10);
    private final JsonGenerator controlGen = Json.generator(control);
    private final RecordWriter writer;
    private final ByteSink zipped;
    private final GZIPOutputStream gzip;
    private boolean ended;

    ExportStream(HttpServerExchange ex, DiffRequest base, ExportCursor export, Executor workers, boolean gzip) {
        this.ex = ex;
        this.export = export;
        this.workers = workers;
        this.writer = new RecordWriter(Json.generator(records), records, base.includeTags(), base.includeMeta(), true);
        try {
            this.zipped = gzip ? new ByteSink(16 << 10) : null;
            this.gzip = gzip ? new GZIPOutputStream(zipped, 8192, true) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the first page; the exchange stays open until the last one has been written. */
    void start() {
        // the exchange ends with the stream, not when the handler returns; the first page is scheduled once the
        // handler's call has finished, so no two threads touch the exchange at once
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> workers.execute(this::nextPage));
    }

    private void nextPage() {
        try {
            control.reset();
            records.reset();
            if (export.hasNext()) {
                pageInto();
            } else {
                endLine();
                ended = true;
            }
        } catch (RuntimeException e) {
            control.reset();
            records.reset();
            errorLine(e);
            ended = true;
        } catch (IOException e) {
            ex.endExchange();
            return;
        }
        send();
    }

    private void pageInto() throws IOException {
        Tombstone t = export.next(writer);
        if (t != null) {
            controlGen.writeStartObject();
            controlGen.writeFieldName("$tombstone");
            Render.tombstone(controlGen, t);
            controlGen.writeEndObject();
            controlGen.flush();
            control.write('\n');
        }
    }

    private void endLine() throws IOException {
        controlGen.writeStartObject();
        controlGen.writeObjectFieldStart("$end");
        controlGen.writeNumberField("next_from_seq", export.bound());
        controlGen.writeNumberField("head_seq", export.headSeq());
        controlGen.writeNumberField("records", export.records());
        controlGen.writeEndObject();
        controlGen.writeEndObject();
        controlGen.close(); // the last line: hand the generator's buffers back
        control.write('\n');
    }

    private void errorLine(RuntimeException failure) {
        SeqlogException s = Exchange.toSeqlog(failure);
        try {
            controlGen.writeStartObject();
            controlGen.writeObjectFieldStart("$error");
            controlGen.writeStringField("code", s.code().wireName());
            controlGen.writeStringField("message", s.getMessage());
            controlGen.writeEndObject();
            controlGen.writeEndObject();
            controlGen.close();
            control.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory only
        }
    }

    /** Hands this page to the sender: compressed on its own if gzip, the control line before the records. */
    private void send() {
        Sender sender = ex.getResponseSender();
        try {
            if (gzip != null) { // zipped holds the gzip header before the first page
                gzip.write(control.array(), 0, control.size());
                gzip.write(records.array(), 0, records.size());
                if (ended) {
                    gzip.finish();
                } else {
                    gzip.flush();
                }
                sender.send(ByteBuffer.wrap(zipped.array(), 0, zipped.size()), this);
            } else {
                sender.send(new ByteBuffer[] {ByteBuffer.wrap(control.array(), 0, control.size()),
                    ByteBuffer.wrap(records.array(), 0, records.size())}, this);
            }
        } catch (IOException e) {
            ex.endExchange();
        }
    }

    /** The page is written: render the next one on a worker (never recursively on this stack). */
    @Override
    public void onComplete(HttpServerExchange exchange, Sender sender) {
        if (ended) {
            sender.close(IoCallback.END_EXCHANGE);
        } else {
            if (zipped != null) {
                zipped.reset();
            }
            workers.execute(this::nextPage);
        }
    }

    /** The client went away or stopped reading past the write timeout: nobody is left to answer. */
    @Override
    public void onException(HttpServerExchange exchange, Sender sender, IOException exception) {
        exchange.endExchange();
    }
}
