package dev.seqlog.core.queues;

import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.notify.Listener;
import dev.seqlog.core.internal.topic.TopicJobs;

import java.util.ArrayList;
import java.util.List;

/**
 * The coalescing window of one queue (SEMANTICS §13.4): the first claim that arrives while none is open opens one
 * that closes {@code claim_jitter_ms} later on the engine clock's timer; claims arriving meanwhile join its cohort,
 * and one pass serves the cohort, with every push subscription that has spare capacity, when it closes.
 *
 * <p>Thread-safe through the topic's lock: {@link #open} and {@link #join} are called under it.
 */
final class ClaimWindow {
    private final QueueTopic queue;
    private final TopicJobs jobs;
    private final QueueContext ctx;
    private final PushFeeds feeds;
    /** The claimers of the open window, or null when none is open. */
    private List<Claimer> cohort;
    private final Listener timer = new Listener() {
        @Override
        protected void onHead(long head) {
        }

        @Override
        protected void onTimeout() {
            queue.execute(ClaimWindow.this::close);
        }

        @Override
        protected void onEnd() {
        }
    };

    ClaimWindow(QueueTopic queue, TopicJobs jobs, QueueContext ctx, PushFeeds feeds) {
        this.queue = queue;
        this.jobs = jobs;
        this.ctx = ctx;
        this.feeds = feeds;
    }

    /** Opens a window closing {@code w} ms after {@code now} unless one is open. Under the lock. */
    void open(long now, long w) {
        if (cohort == null) {
            cohort = new ArrayList<>();
            ctx.deadlines().scheduleTimer(timer, now + w);
        }
    }

    /** Opens a window if none is open and adds {@code c} to its cohort. Under the lock. */
    void join(Claimer c, long now, long w) {
        open(now, w);
        cohort.add(c);
    }

    /** Serves the cohort, and every push subscription with spare capacity, with one pass. */
    private void close() {
        long now = ctx.now();
        List<Claimer> served;
        QueueTopic.Pass pass = null;
        SeqlogException gone = null;
        jobs.lock();
        try {
            served = cohort;
            cohort = null;
            if (served == null) {
                return;
            }
            try {
                jobs.start(now);
                queue.settle(now);
                feeds.addTo(served);
                pass = queue.pass(served, now);
            } catch (SeqlogException e) {
                gone = e;
            }
        } finally {
            jobs.unlock();
        }
        if (pass != null) {
            queue.finish(pass);
            feeds.waitForWork(pass.head());
        } else {
            fail(served, gone);
        }
    }

    /**
     * Closes the window without a pass: the topic instance ended. Under the lock; {@link #cancelTimer()} follows,
     * outside it.
     *
     * @return the claimers of the window that was open, or an empty list
     */
    List<Claimer> takeAll() {
        List<Claimer> taken = cohort == null ? List.of() : cohort;
        cohort = null;
        return taken;
    }

    /** Cancels the timer of a window closed by {@link #takeAll()}. */
    void cancelTimer() {
        ctx.deadlines().cancelTimer(timer);
    }

    /** Fails the polling claimers of {@code claimers} with {@code e}. */
    static void fail(List<Claimer> claimers, SeqlogException e) {
        for (Claimer c : claimers) {
            if (c.future != null) {
                c.future.completeExceptionally(e);
            }
        }
    }
}
