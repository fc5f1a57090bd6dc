package dev.seqlog.server.http;

import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Names;
import dev.seqlog.server.json.BodyReader;
import dev.seqlog.server.json.RecordWriter;
import dev.seqlog.server.json.Render;

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
        Exchange.Out o = new Exchange.Out();
        o.gen.writeStringField("topic", topic);
        o.gen.writeArrayFieldStart("records");
        RecordWriter rw = new RecordWriter(o.gen, o.sink, d.request().includeTags(), d.request().includeMeta(), false);
        long waitMs = x.api.state.draining() ? 0 : d.waitMs();
        CompletableFuture<DiffResult> read = x.api.engine.diffAwait(topic, d.request(), waitMs, rw,
                x.ex.getIoThread());
        Runnable drain = () -> read.cancel(false);
        if (!read.isDone()) {
            x.api.state.park(drain);
        }
        CompletableFuture<DiffResult> answer = read.handle((r, err) -> {
            x.api.state.unpark(drain);
            if (err instanceof CancellationException) {
                return x.api.engine.diff(topic, d.request(), rw); // drained: answer with what is there now
            }
            if (err != null) {
                throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
            }
            return r;
        });
        x.await(answer, r -> {
            o.gen.writeEndArray();
            Render.diffTail(o.gen, r);
            x.scanned = r.recordsScanned();
            x.finish(200, o);
        }, true); // the read ran on the connection's I/O thread after the wake: render there, with no hand-off
    }
}
