package dev.seqlog.server.http;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Names;
import dev.seqlog.server.json.BodyReader;
import dev.seqlog.server.json.Render;
import dev.seqlog.server.json.RecordWriter;
import io.undertow.util.SameThreadExecutor;
import org.xnio.XnioExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v0/topics/:topic/diff} with long-poll (API §4, §4.4). A read that finds nothing parks
 * without holding a thread: the exchange is dispatched, the engine's head future and a timer on the
 * exchange's IO thread race to resume it on a worker, and the loser is cancelled. A wake whose records
 * are all filtered out parks again until the deadline. Confined to one thread at a time; the race is
 * settled by an atomic flag.
 */
final class LongPoll {
    private final Exchange x;
    private final String topic;
    private final long deadlineNanos;
    private DiffRequest request;
    private long scanned;

    private LongPoll(Exchange x, String topic, DiffRequest request, long waitMs) {
        this.x = x;
        this.topic = topic;
        this.request = request;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    }

    static void handle(Exchange x) throws Exception {
        Body b = x.body(false);
        String topic = Names.requireTopic(x.param(0));
        BodyReader.DiffBody d = x.api.bodies.diff(b.bytes(), b.length());
        new LongPoll(x, topic, d.request(), d.waitMs()).attempt(true);
    }

    /** Reads once; answers, or parks when there is nothing yet and time is left. */
    private void attempt(boolean inHandler) throws Exception {
        Exchange.Out o = new Exchange.Out();
        o.gen.writeStringField("topic", topic);
        o.gen.writeArrayFieldStart("records");
        RecordWriter rw = new RecordWriter(o.gen, o.sink, request.includeTags(), request.includeMeta(), false,
                Long.MAX_VALUE);
        DiffResult r = x.api.engine.diff(topic, request, rw);
        scanned += r.recordsScanned();
        long left = deadlineNanos - System.nanoTime();
        if (rw.written() == 0 && r.tombstone() == null && r.caughtUp() && left > 0 && !x.api.state.draining()) {
            request = request.withFromSeq(r.nextFromSeq());
            CompletableFuture<Long> head = x.api.engine.awaitHead(topic, r.headSeq());
            if (inHandler) {
                x.ex.dispatch(SameThreadExecutor.INSTANCE, () -> new Park(head, left).arm());
            } else {
                new Park(head, left).arm();
            }
            return;
        }
        o.gen.writeEndArray();
        Render.diffTail(o.gen, r);
        x.scanned = scanned;
        x.finish(200, o);
    }

    /** One wait: whichever of head future, timer or drain fires first resumes the request. */
    private final class Park implements Runnable {
        private final CompletableFuture<Long> head;
        private final long nanos;
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile XnioExecutor.Key timer;

        Park(CompletableFuture<Long> head, long nanos) {
            this.head = head;
            this.nanos = nanos;
        }

        void arm() {
            x.api.state.park(this);
            timer = x.ex.getIoThread().executeAfter(this, nanos, TimeUnit.NANOSECONDS);
            head.whenComplete((v, err) -> resume(err));
        }

        /** Timer expiry or drain. */
        @Override
        public void run() {
            resume(null);
        }

        private void resume(Throwable err) {
            if (!fired.compareAndSet(false, true)) {
                return;
            }
            XnioExecutor.Key t = timer;
            if (t != null) {
                t.remove();
            }
            head.cancel(false);
            x.api.state.unpark(this);
            x.ex.getConnection().getWorker().execute(() -> {
                try {
                    if (err != null) {
                        throw err;
                    }
                    attempt(false);
                } catch (Throwable e) {
                    x.fail(e);
                }
            });
        }
    }
}
