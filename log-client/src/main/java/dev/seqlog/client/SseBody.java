package dev.seqlog.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of an SSE response, read only when its owner asks: each {@link #pull} lets one more chunk in from the
 * connection, whose events go to the owner as they complete. While nobody pulls, nothing is read and the server
 * meets TCP backpressure; this is how a subscriber's missing demand reaches the server. The body completes (with
 * an empty array) when the server ends the stream, and exceptionally when the connection fails or the owner
 * cancels; the response future of the exchange completes with it, which is where the owner learns of the end.
 *
 * <p>Thread-safe: {@link #pull} and {@link #cancel} may be called from any thread; chunks arrive one at a time.
 */
final class SseBody implements HttpResponse.BodySubscriber<byte[]> {
    /** What the stream tells its owner. */
    interface Owner {
        /** @param f an event read from the stream */
        void frame(SseParser.Frame f);

        /** A chunk has been parsed: the owner delivers what it queued and pulls again if it wants more. */
        void chunkDone();
    }

    private final SseParser parser = new SseParser();
    private final Owner owner;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final AtomicBoolean outstanding = new AtomicBoolean();
    private volatile Flow.Subscription upstream;
    private volatile boolean wanted;
    private volatile boolean cancelled;
    /** When the chunk now outstanding was asked for ({@link System#nanoTime}). */
    private volatile long askedAt;

    /** @param owner receives the events */
    SseBody(Owner owner) {
        this.owner = owner;
    }

    /** @return the parser's {@code retry:} value, or -1 */
    long retryMs() {
        return parser.retryMs();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        upstream = s; // written before wanted is read, as pull writes wanted before reading upstream
        if (cancelled) {
            s.cancel();
        } else if (wanted) {
            pull();
        }
    }

    /** Lets one more chunk in, unless one is already on its way. */
    void pull() {
        wanted = true; // a pull before the response started is taken up by onSubscribe
        Flow.Subscription s = upstream;
        if (s != null && !cancelled && outstanding.compareAndSet(false, true)) {
            askedAt = System.nanoTime();
            s.request(1);
        }
    }

    /**
     * Whether a chunk has been asked for and nothing has arrived for longer than {@code limitNanos}: with the
     * server's heartbeats, a connection that died without closing (API §8.6). Not while nothing is asked for: a
     * subscriber without demand reads nothing on purpose.
     */
    boolean silentFor(long limitNanos) {
        return outstanding.get() && !cancelled && System.nanoTime() - askedAt > limitNanos;
    }

    /** Gives the connection up as dead: it is closed and the exchange fails with {@code why}, like a dropped one. */
    void abort(java.io.IOException why) {
        Flow.Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        body.completeExceptionally(why);
    }

    /** @return whether the owner cancelled this body */
    boolean cancelled() {
        return cancelled;
    }

    /** Stops reading and closes the connection. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        body.completeExceptionally(new java.util.concurrent.CancellationException("stream cancelled"));
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        outstanding.set(false);
        if (cancelled) {
            return;
        }
        for (ByteBuffer b : chunk) {
            parser.feed(b, owner::frame);
        }
        owner.chunkDone();
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(new byte[0]);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
