package dev.seqlog.core.queues;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.core.internal.topic.Attachment;
import dev.seqlog.core.internal.topic.TopicLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * The queue operations of the engine (API §10): checks each request, finds the topic's {@link QueueTopic} and
 * runs the operation there. A log topic answers {@code not_a_queue}.
 *
 * <p>Thread-safe.
 */
public final class Queues {
    private final QueueContext ctx;

    /** @param ctx what the queues of the engine share */
    public Queues(QueueContext ctx) {
        this.ctx = ctx;
    }

    /** @return builds the attachment of each queue topic instance */
    public Attachment.Factory factory() {
        return jobs -> new QueueTopic(jobs, ctx);
    }

    private static QueueTopic queue(TopicLog t) {
        if (t.attachment() instanceof QueueTopic q) {
            return q;
        }
        throw new SeqlogException(ErrorCode.NOT_A_QUEUE, "topic \"" + t.name() + "\" is a log, not a queue")
                .with("topic", t.name());
    }

    private int clampMax(int max) {
        return max == 0 ? 1 : Math.min(max, ctx.maxClaim());
    }

    private static long clampLease(Long ms) {
        return ms == null ? -1 : clampLease(ms.longValue());
    }

    private static long clampLease(long ms) {
        return Math.max(TopicConfig.MIN_LEASE_MS, Math.min(TopicConfig.MAX_LEASE_MS, ms));
    }

    private void check(LeaseRequest r) {
        ctx.limits().checkNode(r.node());
        if (r.size() > ctx.maxClaim()) {
            throw new SeqlogException(ErrorCode.BATCH_TOO_LARGE, "a queue call may name at most " + ctx.maxClaim()
                    + " seqs").with("limit", "max_claim").with("max", ctx.maxClaim()).with("count", r.size());
        }
    }

    /**
     * @param t the topic
     * @param r the claim
     * @return the leased jobs
     */
    public CompletableFuture<ClaimResult> claim(TopicLog t, ClaimRequest r) {
        QueueTopic q = queue(t);
        ctx.limits().checkNode(r.node());
        return q.claim(r.node(), clampMax(r.max()), clampLease(r.leaseMs()));
    }

    /**
     * @param t the topic
     * @param r the jobs
     * @return what was acked
     */
    public CompletableFuture<LeaseResult> ack(TopicLog t, LeaseRequest r) {
        QueueTopic q = queue(t);
        check(r);
        return q.ack(r);
    }

    /**
     * @param t the topic
     * @param r the jobs
     * @param delayMs the delay
     * @return what was nacked
     */
    public CompletableFuture<LeaseResult> nack(TopicLog t, LeaseRequest r, long delayMs) {
        QueueTopic q = queue(t);
        check(r);
        if (delayMs < 0) {
            throw SeqlogException.invalid("delay_ms", "must not be negative");
        }
        return q.nack(r, Math.min(delayMs, TopicConfig.MAX_LEASE_MS));
    }

    /**
     * @param t the topic
     * @param r the jobs
     * @param leaseMs the new lease length
     * @return what was extended
     */
    public CompletableFuture<LeaseResult> extend(TopicLog t, LeaseRequest r, long leaseMs) {
        QueueTopic q = queue(t);
        check(r);
        if (leaseMs < 0) {
            throw SeqlogException.invalid("lease_ms", "must not be negative");
        }
        return q.extend(r, clampLease(leaseMs));
    }

    /**
     * Serves claims that arrived in one coalescing window with one pass, at once (engines with an external log:
     * the window is kept before the log). A claim that fails its checks gets its error; the others are served.
     *
     * @param t the topic
     * @param requests the claims, in arrival order
     * @return each claim's jobs or refusal, in the same order
     */
    public List<CompletableFuture<ClaimResult>> claimCohort(TopicLog t, List<ClaimRequest> requests) {
        QueueTopic q = queue(t);
        List<CompletableFuture<ClaimResult>> out = new ArrayList<>(requests.size());
        List<Claimer> cohort = new ArrayList<>(requests.size());
        List<Integer> places = new ArrayList<>(requests.size());
        for (ClaimRequest r : requests) {
            try {
                ctx.limits().checkNode(r.node());
                cohort.add(Claimer.call(r.node(), clampMax(r.max()), clampLease(r.leaseMs())));
                places.add(out.size());
                out.add(null);
            } catch (SeqlogException e) {
                out.add(CompletableFuture.failedFuture(e));
            }
        }
        if (!cohort.isEmpty()) {
            List<CompletableFuture<ClaimResult>> served = q.claimCohort(cohort);
            for (int i = 0; i < served.size(); i++) {
                out.set(places.get(i), served.get(i));
            }
        }
        return out;
    }

    /**
     * @param t the topic
     * @param seq a job
     * @param node a holder
     * @return the id of the unexpired lease {@code node} holds on the job, or null
     */
    public String leaseHeld(TopicLog t, long seq, String node) {
        return queue(t).leaseHeld(seq, node, ctx.now());
    }

    /**
     * @param t the topic
     * @param r the worker
     * @return a publisher of pushed jobs
     */
    public WorkPublisher work(TopicLog t, WorkRequest r) {
        QueueTopic q = queue(t);
        ctx.limits().checkNode(r.node());
        int max = clampMax(r.max());
        long lease = clampLease(r.leaseMs());
        return new WorkPublisher() {
            @Override
            public void subscribe(Flow.Subscriber<? super Job> subscriber) {
                subscribe(subscriber, ctx.executor());
            }

            @Override
            public void subscribe(Flow.Subscriber<? super Job> subscriber, Executor executor) {
                try {
                    q.feeds().open(r.node(), max, lease, subscriber, executor);
                } catch (SeqlogException e) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                        }

                        @Override
                        public void cancel() {
                        }
                    });
                    subscriber.onError(e);
                }
            }
        };
    }
}
