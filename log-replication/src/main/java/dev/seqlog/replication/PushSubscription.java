package dev.seqlog.replication;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.core.SeqlogEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One push subscription of a replicated node (SEMANTICS §13.8), driven from outside the engine: its claims are
 * proposed through Raft like any other, so every replica leases the same jobs; only the decision of when to claim
 * is this node's. While the subscriber has demand and fewer than {@code max} jobs outstanding, and this node's
 * applied state shows ready jobs, it claims the difference and pushes what it gets. A job stops being outstanding
 * once this node's state no longer shows the lease it was pushed with as held and unexpired (acked, nacked or
 * extended elsewhere keeps or drops it accordingly, expired, or taken by another worker). It looks again when the
 * queue's head moves and every {@link #POLL_MS} ms while it waits for capacity or jobs. Cancelling releases the
 * outstanding jobs with a nack fenced by their lease ids, so a lease taken over meanwhile is left alone.
 *
 * <p>Thread-safe. Signals to the subscriber run in order, never two at once, on the executor given.
 */
final class PushSubscription implements Flow.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(PushSubscription.class);
    /** How often a waiting subscription looks at this node's state again. */
    static final long POLL_MS = 100;

    /** What a subscription needs from its node. */
    interface Node {
        SeqlogEngine engine();

        java.util.concurrent.CompletableFuture<ClaimResult> claim(String topic, ClaimRequest request);

        void release(String topic, LeaseRequest request);

        ScheduledExecutorService timer();

        void ended(PushSubscription s);
    }

    private final Node node;
    private final String topic;
    private final WorkRequest request;
    private final int max;
    private final Flow.Subscriber<? super Job> subscriber;
    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> signals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger signalling = new AtomicInteger();

    // guarded by this
    private long demand;
    private final Map<Long, String> outstanding = new LinkedHashMap<>();
    private boolean claiming;
    private boolean pollScheduled;
    private boolean headArmed;
    private java.util.concurrent.CompletableFuture<Long> headWait;
    private boolean done;

    PushSubscription(Node node, String topic, WorkRequest request, int max, Flow.Subscriber<? super Job> subscriber,
                     Executor executor) {
        this.node = node;
        this.topic = topic;
        this.request = request;
        this.max = max;
        this.subscriber = subscriber;
        this.executor = executor;
    }

    /** Hands the subscriber its subscription; jobs follow its demand. */
    void start() {
        signal(() -> subscriber.onSubscribe(this));
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("request(" + n + "): demand must be positive"));
            return;
        }
        synchronized (this) {
            if (done) {
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        pump();
    }

    @Override
    public void cancel() {
        end(null);
    }

    /** Ends the subscription because its node closes. */
    void nodeClosed() {
        end(new SeqlogException(ErrorCode.SHUTTING_DOWN, "the replicated node is closed")
                .with("reason", "node_closed"));
    }

    /** Claims for the subscriber if it has room and jobs are ready; otherwise waits for the head or the poll. */
    private void pump() {
        int want;
        try {
            synchronized (this) {
                if (done || claiming || demand == 0) {
                    return; // request() pumps again
                }
                prune();
                want = (int) Math.min(max - outstanding.size(), demand);
                if (want > 0 && ready() > 0) {
                    claiming = true;
                } else {
                    waitLocked(want > 0);
                    return;
                }
            }
        } catch (SeqlogException gone) {
            fail(gone); // the queue was deleted
            return;
        }
        ClaimRequest claim = request.leaseMs() == null ? ClaimRequest.of(request.node(), want)
                : ClaimRequest.of(request.node(), want).withLeaseMs(request.leaseMs());
        node.claim(topic, claim).whenComplete(this::claimed);
    }

    private void claimed(ClaimResult result, Throwable failure) {
        synchronized (this) {
            claiming = false;
        }
        if (failure != null) {
            SeqlogException e = unwrap(failure);
            if (e != null && e.code() == ErrorCode.NOT_READY) {
                synchronized (this) {
                    waitLocked(false); // no leader for now: look again later
                }
            } else {
                fail(e != null ? e : failure);
            }
            return;
        }
        List<Job> jobs = result.claimed();
        synchronized (this) {
            if (done) {
                releaseLater(jobs); // cancelled while the claim was in flight
                return;
            }
            for (Job j : jobs) {
                outstanding.put(j.seq(), j.leaseId());
            }
            demand -= jobs.size();
        }
        for (Job j : jobs) {
            signal(() -> subscriber.onNext(j));
        }
        pump();
    }

    /** Drops the jobs whose pushed lease is no longer held and unexpired here. Under the monitor. */
    private void prune() {
        if (outstanding.isEmpty()) {
            return;
        }
        var log = node.engine().externalLog();
        outstanding.entrySet().removeIf(e -> !e.getValue().equals(log.leaseHeld(topic, e.getKey(), request.node())));
    }

    private long ready() {
        QueueCounters q = node.engine().state(topic).queue();
        return q == null ? 0 : q.ready();
    }

    /** Looks again when the queue's head moves (if {@code forJobs}) and after the poll interval. Under the monitor. */
    private void waitLocked(boolean forJobs) {
        if (forJobs && !headArmed) {
            headArmed = true;
            long head = node.engine().state(topic).headSeq();
            headWait = node.engine().awaitHead(topic, head);
            headWait.whenComplete((h, e) -> {
                synchronized (this) {
                    headArmed = false;
                }
                pump();
            });
        }
        if (!pollScheduled) {
            pollScheduled = true;
            try {
                node.timer().schedule(() -> {
                    synchronized (this) {
                        pollScheduled = false;
                    }
                    pump();
                }, POLL_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                pollScheduled = false; // the node closes, and ends this subscription
            }
        }
    }

    private void fail(Throwable e) {
        end(e);
    }

    /** Ends the subscription once: releases what is outstanding, then signals {@code error} unless cancelled. */
    private void end(Throwable error) {
        List<Long> seqs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            outstanding.forEach((seq, id) -> {
                seqs.add(seq);
                ids.add(id);
            });
            outstanding.clear();
            if (headWait != null) {
                headWait.cancel(false);
            }
        }
        node.ended(this);
        release(seqs, ids);
        if (error != null) {
            signal(() -> subscriber.onError(error));
        }
    }

    private void releaseLater(List<Job> jobs) {
        release(jobs.stream().map(Job::seq).toList(), jobs.stream().map(Job::leaseId).toList());
    }

    /** Nacks the jobs with no delay, fenced by the lease ids they were pushed with. */
    private void release(List<Long> seqs, List<String> ids) {
        if (seqs.isEmpty()) {
            return;
        }
        long[] s = seqs.stream().mapToLong(Long::longValue).toArray();
        try {
            node.release(topic, LeaseRequest.of(request.node(), s).withLeaseIds(ids));
        } catch (RuntimeException e) {
            LOG.debug("releasing {} pushed job(s) of {} failed; their leases expire instead: {}", s.length, topic,
                    e.toString());
        }
    }

    /** Runs signals in order, one at a time, on the executor. */
    private void signal(Runnable r) {
        signals.add(r);
        if (signalling.getAndIncrement() == 0) {
            try {
                executor.execute(this::drainSignals);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                signals.clear();
                signalling.set(0);
            }
        }
    }

    private void drainSignals() {
        int missed = 1;
        while (true) {
            Runnable r;
            while ((r = signals.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("a push subscriber of {} threw; it is cancelled", topic, e);
                    cancel();
                }
            }
            missed = signalling.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private static SeqlogException unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof SeqlogException s ? s : null;
    }
}
