package dev.seqlog.core.queues;

import dev.seqlog.api.Job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One push subscription of a queue (SEMANTICS §13.8): the jobs whose current lease it delivered, how many of
 * them are outstanding (lease unexpired), and the subscriber's demand. Claim passes lease jobs to it while it
 * has spare capacity; its jobs reach the subscriber through a drain on its executor.
 *
 * <p>Thread-safe: {@link #pushed}, {@link #outstanding} and the lease callbacks are guarded by the queue topic's
 * lock; demand and the outbox are atomic; signals to the subscriber never overlap.
 */
final class WorkFeed implements Flow.Subscription {
    final String node;
    final int max;
    final long leaseMs;
    private final PushFeeds queue;
    private final Flow.Subscriber<? super Job> subscriber;
    private final Executor executor;

    /** Jobs whose current lease this subscription delivered, by seq. Guarded by the topic's lock. */
    final Map<Long, JobEntry> pushed = new HashMap<>();
    /** Those of them whose lease is unexpired. Guarded by the topic's lock. */
    int outstanding;

    private final AtomicLong requested = new AtomicLong();
    /**
     * The batches passes leased to it, in pass order. A pass's batch becomes deliverable when the pass is
     * durable, which can happen on another thread than the next pass's: delivering a batch only when every
     * earlier one is out keeps the jobs in the order the passes took them. Guarded by this.
     */
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private final Queue<Job> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Throwable failure;
    private volatile boolean cancelled;
    private boolean terminated;

    WorkFeed(PushFeeds queue, String node, int max, long leaseMs, Flow.Subscriber<? super Job> subscriber,
             Executor executor) {
        this.queue = queue;
        this.node = node;
        this.max = max;
        this.leaseMs = leaseMs;
        this.subscriber = subscriber;
        this.executor = executor;
    }

    // ------------------------------------------------------------------------ lease callbacks, under lock

    void pushed(JobEntry e) {
        pushed.put(e.seq, e);
        outstanding++;
    }

    void expired(JobEntry e) {
        outstanding--;
    }

    void revived(JobEntry e) {
        outstanding++;
    }

    void forget(JobEntry e) {
        pushed.remove(e.seq);
    }

    /** @return jobs a pass may lease to it now: within both the demand and the outstanding limit */
    int spare() {
        if (cancelled || failure != null) {
            return 0;
        }
        return (int) Math.max(0, Math.min(requested.get(), max - outstanding));
    }

    /** @return whether it has ended */
    boolean closed() {
        return cancelled || failure != null;
    }

    /** @return the entries whose current lease it delivered, a copy */
    List<JobEntry> current() {
        return new ArrayList<>(pushed.values());
    }

    // ------------------------------------------------------------------------------------- delivery

    /** The jobs one pass leases to this subscription; filled once the pass is durable. */
    static final class Batch {
        private List<Job> jobs;
    }

    /**
     * Takes the next place in delivery order, for a pass about to run; under the queue's lock, so places follow
     * the order of passes.
     *
     * @return the place, to be given to {@link #deliver} exactly once
     */
    synchronized Batch reserve() {
        Batch b = new Batch();
        batches.add(b);
        return b;
    }

    /**
     * Hands the jobs a pass leased to it to the subscriber, after those of every earlier pass; their demand is
     * consumed now. A pass that leased it nothing, or was undone, delivers an empty list.
     */
    void deliver(Batch batch, List<Job> jobs) {
        boolean any = false;
        synchronized (this) {
            batch.jobs = jobs;
            while (!batches.isEmpty() && batches.peek().jobs != null) {
                List<Job> ready = batches.poll().jobs;
                if (!ready.isEmpty()) {
                    requested.addAndGet(-ready.size());
                    outbox.addAll(ready);
                    any = true;
                }
            }
        }
        if (any) {
            schedule();
        }
    }

    /** Ends the subscription with an error (its leases are already released or gone). */
    void fail(Throwable e) {
        if (failure == null && !cancelled) {
            failure = e;
            schedule();
        }
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                wip.set(0);
            }
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            if (terminated) {
                outbox.clear();
            } else {
                Job j;
                while (!cancelled && (j = outbox.poll()) != null) {
                    subscriber.onNext(j);
                }
                Throwable f = failure;
                if (f != null && !cancelled) {
                    terminated = true;
                    subscriber.onError(f);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------ Flow.Subscription

    @Override
    public void request(long n) {
        if (n <= 0) {
            // the rule of Flow: a non-positive request ends the subscription with an error, through the drain
            fail(new IllegalArgumentException("request must be positive: " + n));
            queue.close(this);
            return;
        }
        long r;
        do {
            r = requested.get();
        } while (!requested.compareAndSet(r, r + n < 0 ? Long.MAX_VALUE : r + n));
        queue.demandRaised();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            queue.close(this);
        }
    }
}
