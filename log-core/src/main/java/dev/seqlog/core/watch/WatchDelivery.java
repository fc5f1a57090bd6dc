package dev.seqlog.core.watch;

import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WatchSubscription;
import dev.seqlog.core.internal.topic.SharedReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscription to a watch: a serial drain that, while the subscriber has demand, reads the topics that
 * have news in turn (one read per topic per turn, so a busy topic cannot starve the others) and hands out
 * what each read yields: a gap, a batch, a caught-up signal, or the instance's end (SEMANTICS §16). Without
 * demand nothing is read, so a slow subscriber's cursors lag and the next reads are larger: nothing is
 * buffered beyond the few events of one read. Topics with nothing new wait on their listeners.
 *
 * <p>Thread-safe. The drain runs on the subscription's executor and never on two threads at once (a
 * work-in-progress counter admits one); {@code request}, {@code cancel} and the listeners only schedule it.
 */
final class WatchDelivery implements WatchSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(WatchDelivery.class);
    /** Events one drain hands out before it yields its executor thread to other deliveries. */
    private static final int EVENTS_PER_TURN = 64;

    /** An event read but not yet handed out, with the cursor its topic has once it is. */
    private record Pending(WatchEvent event, TopicFollow follow, long cursor) {
    }

    private final WatchContext context;
    private final WatchRequest request;
    private final Flow.Subscriber<? super WatchEvent> subscriber;
    private final Executor executor;
    private final List<TopicFollow> follows = new ArrayList<>();
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();
    /** The cursors as of the events handed out: what {@link #cursors()} reports. Guarded by itself. */
    private final TreeMap<String, Long> handedOut = new TreeMap<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Throwable badRequest;
    /** A strong watch's events wait for this flush before they are handed out, or null. */
    private CompletableFuture<Void> flush;
    private boolean done;
    private int turn;

    WatchDelivery(WatchContext context, WatchRequest request, List<BoundWatch.Target> targets,
                  Flow.Subscriber<? super WatchEvent> subscriber, Executor executor) {
        this.context = context;
        this.executor = executor;
        this.request = request;
        this.subscriber = subscriber;
        for (BoundWatch.Target t : targets) {
            follows.add(new TopicFollow(t.name(), t.topic(), t.from(), this));
            handedOut.put(t.name(), t.from());
        }
    }

    void start() {
        try {
            subscriber.onSubscribe(this);
        } catch (RuntimeException e) {
            LOG.warn("watch subscriber failed in onSubscribe; the subscription is cancelled", e);
            cancelled = true;
            return;
        }
        schedule();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            badRequest = new IllegalArgumentException("request(n) needs n > 0, got " + n);
        } else {
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        }
        schedule();
    }

    @Override
    public void cancel() {
        cancelled = true;
        schedule();
    }

    @Override
    public Map<String, Long> cursors() {
        synchronized (handedOut) {
            return Collections.unmodifiableMap(new TreeMap<>(handedOut));
        }
    }

    void schedule() {
        if (wip.getAndIncrement() == 0) {
            execute();
        }
    }

    private void execute() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException closing) {
            // the engine has stopped its delivery threads: nothing is delivered any more
        }
    }

    private void drain() {
        int missed = wip.get();
        int handed = 0;
        while (true) {
            if (done) {
                // terminal: only releases remain
            } else if (cancelled) {
                release();
            } else if (badRequest != null) {
                fail(badRequest);
            } else {
                try {
                    while (demand.get() > 0 && flushed()) {
                        Pending p = ready.poll();
                        if (p == null) {
                            if (!readOne()) {
                                break;
                            }
                            continue;
                        }
                        handOut(p);
                        if (done || cancelled) {
                            break;
                        }
                        if (++handed >= EVENTS_PER_TURN) {
                            execute(); // keeps wip: the next turn continues
                            return;
                        }
                    }
                    if (!done && !cancelled) {
                        idle();
                    }
                } catch (SeqlogException e) {
                    fail(e);
                } catch (CompletionException e) {
                    fail(e.getCause());
                } catch (RuntimeException e) {
                    LOG.warn("watch delivery failed", e);
                    fail(e);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Whether the events read so far may be handed out: a strong watch waits for their flush. */
    private boolean flushed() {
        if (flush == null) {
            return true;
        }
        if (!flush.isDone()) {
            return false;
        }
        CompletableFuture<Void> f = flush;
        flush = null;
        f.join(); // a failed flush fails the delivery: the records may never become durable
        return true;
    }

    /** Hands out one event; the subscriber's failure cancels the subscription (Reactive Streams §2.13). */
    private void handOut(Pending p) {
        demand.decrementAndGet();
        synchronized (handedOut) {
            if (p.event instanceof WatchEvent.TopicDeleted) {
                handedOut.remove(p.follow.name);
            } else {
                handedOut.put(p.follow.name, p.cursor);
            }
        }
        try {
            subscriber.onNext(p.event);
        } catch (RuntimeException e) {
            LOG.warn("watch subscriber failed in onNext; the subscription is cancelled", e);
            cancelled = true;
        }
    }

    /**
     * Reads the next topic with news, in turn, queueing what the read yields.
     *
     * @return false if no topic has news
     */
    private boolean readOne() {
        int n = follows.size();
        for (int i = 0; i < n; i++) {
            int at = (turn + i) % n;
            TopicFollow f = follows.get(at);
            if (!f.dirty) {
                continue;
            }
            turn = at + 1;
            f.dirty = false;
            if (f.ended) {
                end(f, at);
            } else {
                read(f, at);
            }
            return true;
        }
        return false;
    }

    private void read(TopicFollow f, int at) {
        SharedReads.Read read;
        try {
            read = f.topic.readShared(request.read(f.readCursor), Math.min(request.limit(), context.maxLimit()),
                    request.includeData(), f.first, context.clock().millis());
        } catch (SeqlogException e) {
            if (e.code() != ErrorCode.TOPIC_NOT_FOUND) {
                throw e;
            }
            f.ended = true; // the instance ended before its listener could say so
            end(f, at);
            return;
        }
        f.first = false;
        DiffResult r = read.result();
        Tombstone t = r.tombstone();
        long next = r.nextFromSeq();
        boolean more = read.batch() != null;
        boolean caughtUp = r.caughtUp() && f.shortOfHead;
        if (t != null) {
            boolean last = !more && !caughtUp;
            queue(new WatchEvent.Gap(f.name, t), f, last ? next : t.gapTo());
        }
        if (more) {
            long before = t != null ? t.gapTo() : f.readCursor;
            queue(new WatchEvent.Records(f.name, before, next, r.headSeq(), read.batch()), f, next);
        }
        if (caughtUp) {
            queue(new WatchEvent.CaughtUp(f.name, r.headSeq()), f, next);
        }
        if (t == null && !more && !caughtUp && next != f.readCursor) {
            synchronized (handedOut) {
                handedOut.put(f.name, next); // only skipped seqs: the cursor moves without an event
            }
        }
        if (request.strong() && read.ticket() != 0 && !ready.isEmpty()) {
            CompletableFuture<Void> durable = f.topic.whenDurable(read.ticket());
            if (!durable.isDone()) {
                flush = durable;
                durable.whenComplete((v, err) -> schedule());
            }
        }
        f.readCursor = next;
        f.seenHead = r.headSeq();
        if (r.caughtUp()) {
            f.shortOfHead = false;
        } else {
            f.shortOfHead = true;
            f.dirty = true;
        }
    }

    private void queue(WatchEvent e, TopicFollow f, long cursor) {
        ready.add(new Pending(e, f, cursor));
    }

    private void end(TopicFollow f, int at) {
        if (context.closed().getAsBoolean()) {
            throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "the log is closed");
        }
        follows.remove(at);
        f.disarm();
        queue(new WatchEvent.TopicDeleted(f.name, f.readCursor), f, f.readCursor);
    }

    /** Arms every topic that has nothing new; one whose head moved meanwhile makes the drain loop again. */
    private void idle() {
        if (follows.isEmpty() && ready.isEmpty()) {
            complete();
            return;
        }
        for (TopicFollow f : follows) {
            if (!f.dirty && !f.armed && !f.ended && !f.arm()) {
                wip.incrementAndGet();
            }
        }
    }

    private void complete() {
        if (!done) {
            done = true;
            release();
            try {
                subscriber.onComplete();
            } catch (RuntimeException e) {
                LOG.warn("watch subscriber failed in onComplete", e);
            }
        }
    }

    private void fail(Throwable error) {
        if (!done) {
            done = true;
            release();
            try {
                subscriber.onError(error);
            } catch (RuntimeException e) {
                LOG.warn("watch subscriber failed in onError", e);
            }
        }
    }

    private void release() {
        done = true;
        for (TopicFollow f : follows) {
            f.disarm();
        }
        follows.clear();
        ready.clear();
    }
}
