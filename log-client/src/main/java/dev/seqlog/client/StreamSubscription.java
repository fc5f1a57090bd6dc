package dev.seqlog.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscriber side of an SSE stream as a {@link Flow.Subscription}: items decoded from the stream wait in a
 * queue and are handed to the subscriber only against its demand, and more bytes are read from the connection
 * only when the queue is empty and demand remains ({@link #pullMore}). Signals to the subscriber never overlap:
 * a work-in-progress counter lets one drain run at a time on the delivery executor.
 *
 * <p>Thread-safe.
 *
 * @param <Q> what the queue holds
 * @param <T> what the subscriber receives
 */
abstract class StreamSubscription<Q, T> implements Flow.Subscription, AutoCloseable {
    private final Flow.Subscriber<? super T> subscriber;
    private final Executor executor;
    private final Queue<Q> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile Throwable error;
    private volatile boolean complete;
    /** Set once the terminal signal went out; read and written by the drain only. */
    private boolean terminated;

    /**
     * @param subscriber the subscriber
     * @param executor runs every signal after {@code onSubscribe}
     */
    StreamSubscription(Flow.Subscriber<? super T> subscriber, Executor executor) {
        this.subscriber = subscriber;
        this.executor = executor;
    }

    /**
     * Calls {@code onSubscribe} on this thread, then starts the stream. A {@code request} made inside
     * {@code onSubscribe} is honoured only once it has returned, so no signal overlaps it.
     */
    final void start() {
        wip.set(1);
        try {
            subscriber.onSubscribe(this);
        } catch (Throwable t) {
            cancelled = true; // a subscriber that throws from onSubscribe gets nothing more (Reactive Streams 2.13)
        }
        if (!cancelled) {
            try {
                begin();
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        if (wip.decrementAndGet() != 0) {
            schedule();
        }
    }

    /** Opens the stream; failures go through {@link #fail}. */
    abstract void begin();

    /** Asks the connection for more bytes: called when demand remains and nothing is queued. */
    abstract void pullMore();

    /** Releases the connection: called once, on cancel or on a terminal signal. */
    abstract void release();

    /**
     * Turns a queued item into the signal, just before {@code onNext}: where a stream records its cursors.
     *
     * @param item the queued item
     * @return what the subscriber receives
     */
    abstract T signal(Q item);

    /** @return whether the subscriber cancelled or a terminal signal is on its way */
    final boolean stopped() {
        return cancelled || error != null || complete;
    }

    /** @param item an item decoded from the stream, delivered against demand */
    final void emit(Q item) {
        queue.add(item);
    }

    /** Delivers what is queued, as far as demand allows; call after {@link #emit}s. */
    final void drain() {
        if (wip.getAndIncrement() == 0) {
            schedule();
        }
    }

    /**
     * Ends the subscription with {@code onError}: the connection is released and items still queued are dropped
     * if the subscriber has no demand for them.
     *
     * @param t the failure
     */
    final void fail(Throwable t) {
        if (stopped()) {
            return;
        }
        error = t;
        release();
        drain();
    }

    /** Ends the subscription with {@code onComplete} once the queued items have been delivered. */
    final void complete() {
        if (stopped()) {
            return;
        }
        complete = true;
        release();
        drain();
    }

    @Override
    public final void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams 3.9)"));
            return;
        }
        demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        drain();
    }

    @Override
    public final void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (error == null && !complete) {
            release();
        }
        drain();
    }

    /** Ends the subscription as the client closes: the subscriber learns {@code shutting_down}. */
    @Override
    public void close() {
        fail(Errors.closed());
    }

    private void schedule() {
        try {
            executor.execute(this::drainLoop);
        } catch (RejectedExecutionException closing) {
            drainLoop(); // the executor is shutting down: the last signals run here
        }
    }

    private void drainLoop() {
        int missed = 1;
        while (true) {
            if (cancelled) {
                queue.clear();
            } else if (!terminated) {
                deliver();
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void deliver() {
        while (demand.get() > 0 && !cancelled) {
            Q item = queue.poll();
            if (item == null) {
                break;
            }
            if (demand.get() != Long.MAX_VALUE) {
                demand.decrementAndGet();
            }
            try {
                subscriber.onNext(signal(item));
            } catch (Throwable t) {
                cancel(); // a throwing onNext breaks the contract; stop delivering (Reactive Streams 2.13)
                return;
            }
        }
        if (cancelled) {
            return;
        }
        Throwable e = error;
        if (e != null && (queue.isEmpty() || demand.get() == 0)) {
            queue.clear();
            terminated = true;
            try {
                subscriber.onError(e);
            } catch (Throwable ignored) {
                // nothing is left to tell a subscriber whose onError throws
            }
        } else if (complete && queue.isEmpty()) {
            terminated = true;
            try {
                subscriber.onComplete();
            } catch (Throwable ignored) {
                // nothing is left to tell a subscriber whose onComplete throws
            }
        } else if (e == null && !complete && queue.isEmpty() && demand.get() > 0) {
            pullMore();
        }
    }
}
