package dev.seqlog.server.http;

import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Names;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;
import dev.seqlog.server.json.BodyReader;
import dev.seqlog.server.json.RecordWriter;
import dev.seqlog.server.json.Render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v0/topics/:topic/diff} with long-poll (API §4, §4.4): one call of the engine's
 * {@code diffAwait}, which reads at once and, when there is nothing to deliver, waits on the engine's
 * notification hub without holding a thread (a wake whose records are all filtered out waits again; the
 * deadline follows the engine clock). The exchange is parked meanwhile; a drain cancels the wait, and the
 * request then answers with what a plain read finds. Confined to one thread at a time.
 */
final class LongPoll {
    private LongPoll() {
    }

    static void handle(Exchange x) throws Exception {
        Body b = x.body(false);
        String topic = Names.requireTopic(x.param(0));
        BodyReader.DiffBody d = x.api.bodies.diff(b.bytes(), b.length());
        Answer answer = new Answer(topic, d.request().includeTags(), d.request().includeMeta());
        long waitMs = x.api.state.draining() ? 0 : d.waitMs();
        CompletableFuture<DiffResult> read = x.api.engine.diffAwait(topic, d.request(), waitMs, answer,
                x.ex.getIoThread());
        Runnable drain = () -> read.cancel(false);
        if (!read.isDone()) {
            x.api.state.park(drain);
        }
        CompletableFuture<DiffResult> result = read.handle((r, err) -> {
            x.api.state.unpark(drain);
            if (err instanceof CancellationException) {
                return x.api.engine.diff(topic, d.request(), answer); // drained: answer with what is there now
            }
            if (err != null) {
                throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
            }
            return r;
        });
        x.await(result, r -> {
            Exchange.Out o = answer.open();
            o.gen.writeEndArray();
            Render.diffTail(o.gen, r);
            x.scanned = r.recordsScanned();
            x.finish(200, o);
        }, true); // the read ran on the connection's I/O thread after the wake: render there, with no hand-off
    }

    /**
     * The response, opened when the first record arrives or the answer is rendered: a parked poll holds no
     * generator, so the generator's buffers go back to jackson's per-thread recycler in the same task that
     * took them.
     */
    private static final class Answer implements RecordSink {
        private final String topic;
        private final boolean tags;
        private final boolean meta;
        private Exchange.Out out;
        private RecordWriter writer;

        Answer(String topic, boolean tags, boolean meta) {
            this.topic = topic;
            this.tags = tags;
            this.meta = meta;
        }

        Exchange.Out open() throws IOException {
            if (out == null) {
                out = new Exchange.Out();
                out.gen.writeStringField("topic", topic);
                out.gen.writeArrayFieldStart("records");
                writer = new RecordWriter(out.gen, out.sink, tags, meta, false);
            }
            return out;
        }

        @Override
        public void accept(RecordView v) {
            try {
                open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            writer.accept(v);
        }
    }
}
