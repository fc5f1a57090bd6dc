package dev.seqlog.client;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A {@link StreamSubscription} fed by one SSE connection at a time (a watch reconnects, so the connection can
 * change): it keeps the current connection's body, reads more of it only on demand, and cancels it on release.
 * Thread-safe.
 *
 * @param <Q> what the queue holds
 * @param <T> what the subscriber receives
 */
abstract class SseSubscription<Q, T> extends StreamSubscription<Q, T> implements SseBody.Owner {
    /** The client's transport: opens connections and tracks open streams. */
    final Transport transport;
    private volatile SseBody body;

    SseSubscription(Transport transport, Flow.Subscriber<? super T> subscriber, Executor executor) {
        super(subscriber, executor);
        this.transport = transport;
    }

    /** @return a body for a new connection, which becomes the current one */
    final SseBody newBody() {
        SseBody b = new SseBody(this);
        body = b;
        return b;
    }

    /** @return the current connection's body, or null before the first */
    final SseBody body() {
        return body;
    }

    @Override
    public void chunkDone() {
        drain();
    }

    @Override
    void pullMore() {
        SseBody b = body;
        if (b != null) {
            b.pull();
        }
    }

    @Override
    void release() {
        transport.ended(this);
        SseBody b = body;
        if (b != null) {
            b.cancel();
        }
    }
}
