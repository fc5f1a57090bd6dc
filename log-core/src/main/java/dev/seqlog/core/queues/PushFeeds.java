package dev.seqlog.core.queues;

import dev.seqlog.api.Job;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.format.LeaseBody;
import dev.seqlog.core.internal.notify.HeadListeners;
import dev.seqlog.core.internal.notify.Listener;
import dev.seqlog.core.internal.topic.TopicJobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * The push subscriptions of one queue (SEMANTICS §13.8): opening and closing them (a close releases the leases
 * they delivered), serving those with spare capacity with claim passes, and waking them when new jobs are
 * appended or the next lease expires or delay ends. In coalescing mode they join the next window instead.
 *
 * <p>Thread-safe: the subscription list is guarded by the queue topic's lock.
 */
final class PushFeeds {
    private final QueueTopic queue;
    private final TopicJobs jobs;
    private final LeaseTable table;
    private final QueueContext ctx;
    private final List<WorkFeed> feeds = new ArrayList<>();
    private volatile int count;
    /** Wakes the subscriptions waiting for new jobs or for the next lease expiry. */
    private final Listener wake = new Listener() {
        @Override
        protected void onHead(long head) {
            queue.execute(PushFeeds.this::serve);
        }

        @Override
        protected void onTimeout() {
            queue.execute(PushFeeds.this::serve);
        }

        @Override
        protected void onEnd() {
        }
    };

    PushFeeds(QueueTopic queue, TopicJobs jobs, LeaseTable table, QueueContext ctx) {
        this.queue = queue;
        this.jobs = jobs;
        this.table = table;
        this.ctx = ctx;
    }

    /**
     * Starts a push subscription.
     *
     * @param node the holder
     * @param max jobs outstanding at most, already clamped
     * @param leaseMs the lease length, or -1 for the topic's
     * @param subscriber the subscriber
     * @param executor runs its signals
     */
    void open(String node, int max, long leaseMs, Flow.Subscriber<? super Job> subscriber, Executor executor) {
        WorkFeed f = new WorkFeed(this, node, max, leaseMs, subscriber, executor);
        jobs.lock();
        try {
            jobs.start(ctx.now());
            feeds.add(f);
            count = feeds.size();
        } finally {
            jobs.unlock();
        }
        subscriber.onSubscribe(f);
    }

    /** A subscriber raised its demand. */
    void demandRaised() {
        queue.execute(this::serve);
    }

    /** Jobs came back or capacity freed: subscriptions may take more. */
    void released() {
        if (count > 0) {
            serve();
        }
    }

    /** A subscription ended: releases at once every job whose current lease it delivered. */
    void close(WorkFeed f) {
        long now = ctx.now();
        int released;
        jobs.lock();
        try {
            if (!feeds.remove(f)) {
                return;
            }
            count = feeds.size();
            List<JobEntry> current = f.current();
            for (JobEntry e : current) {
                table.release(e, now);
            }
            table.settle(now);
            released = current.size();
            if (released > 0 && queue.durable() && jobs.journaled() && !jobs.ended()) {
                try {
                    jobs.log(LeaseLog.frame(LeaseBody.RELEASED, current), true);
                } catch (SeqlogException readOnly) {
                    // the releases hold until a restart; expiry is the safety net
                }
            }
        } finally {
            jobs.unlock();
        }
        queue.afterRelease(released);
    }

    /** Leases jobs to every subscription with spare capacity, or has them join the next window. */
    void serve() {
        long now = ctx.now();
        QueueTopic.Pass pass;
        jobs.lock();
        try {
            if (jobs.ended() || feeds.isEmpty()) {
                return;
            }
            jobs.start(now);
            queue.settle(now); // collects expired pushed leases, which frees their subscriptions' capacity
            List<Claimer> claimers = new ArrayList<>();
            addTo(claimers);
            if (claimers.isEmpty()) {
                arm(jobs.visibleHead());
                return;
            }
            long w = jobs.config().claimJitterMs();
            if (w > 0) {
                queue.openWindow(now, w);
                return;
            }
            pass = queue.pass(claimers, now);
        } catch (SeqlogException gone) {
            return; // ended meanwhile, which tells the subscriptions
        } finally {
            jobs.unlock();
        }
        queue.finish(pass);
        waitForWork(pass.head());
    }

    /** Adds every subscription with spare capacity to a pass's claimers; under the lock. */
    void addTo(List<Claimer> claimers) {
        for (WorkFeed f : feeds) {
            int spare = f.spare();
            if (spare > 0) {
                claimers.add(Claimer.feed(f, spare));
            }
        }
    }

    /**
     * After a pass: subscriptions still short of jobs wait for records after those the pass saw, or the next
     * expiry.
     *
     * @param seen the visible head the pass saw
     */
    void waitForWork(long seen) {
        jobs.lock();
        try {
            if (!jobs.ended() && !feeds.isEmpty()) {
                arm(seen);
            }
        } finally {
            jobs.unlock();
        }
    }

    /** Arms the wake-up for records after {@code seen}; under the lock. */
    private void arm(long seen) {
        HeadListeners l = jobs.listeners();
        l.disarm(wake);
        boolean wantsJobs = false;
        boolean holdsLeases = false;
        for (WorkFeed f : feeds) {
            wantsJobs |= f.spare() > 0;
            holdsLeases |= f.outstanding > 0;
        }
        if (!wantsJobs && !holdsLeases) {
            return;
        }
        long next = table.nextChange();
        long deadline = next == Long.MAX_VALUE ? HeadListeners.NO_DEADLINE : next;
        // a subscription at its limit needs only the expiry of what it holds, not new records
        long after = wantsJobs ? seen : Long.MAX_VALUE - 1;
        if (!l.arm(wake, after, deadline)) {
            queue.execute(this::serve);
        }
    }

    /** Removes every subscription (the queue ended); under the lock. */
    List<WorkFeed> takeAll() {
        List<WorkFeed> all = new ArrayList<>(feeds);
        feeds.clear();
        count = 0;
        return all;
    }

    /** Stops waking subscriptions. */
    void stopWaiting() {
        jobs.listeners().disarm(wake);
    }
}
