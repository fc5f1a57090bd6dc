package dev.seqlog.replication;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.core.SeqlogEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The push subscriptions of one replicated node and the thread they wait and, by default, deliver on. Closing ends
 * every subscription with {@code shutting_down}, releasing its jobs while the node can still propose.
 *
 * <p>Thread-safe.
 */
final class PushSubscriptions implements PushSubscription.Node, AutoCloseable {
    private final ReplicatedNode log;
    private final NodeRuntime runtime;
    private final ScheduledThreadPoolExecutor thread;
    private final Set<PushSubscription> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PushSubscriptions(ReplicatedNode log, NodeRuntime runtime, String nodeId) {
        this.log = log;
        this.runtime = runtime;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "seqlog-repl-" + nodeId + "-push");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
    }

    /** Starts a subscription; signals run on {@code executor}, or on this node's push thread when null. */
    void open(String topic, WorkRequest request, Flow.Subscriber<? super Job> subscriber, Executor executor) {
        PushSubscription s = new PushSubscription(this, topic, request, Math.max(1, request.max()), subscriber,
                executor != null ? executor : thread);
        open.add(s);
        s.start();
        if (closed) {
            s.nodeClosed();
        }
    }

    @Override
    public SeqlogEngine engine() {
        return runtime.engine();
    }

    @Override
    public CompletableFuture<ClaimResult> claim(String topic, ClaimRequest request) {
        return log.claimAsync(topic, request);
    }

    @Override
    public void release(String topic, LeaseRequest request) {
        log.nackAsync(topic, request, 0);
    }

    @Override
    public ScheduledExecutorService timer() {
        return thread;
    }

    @Override
    public void ended(PushSubscription s) {
        open.remove(s);
    }

    /** Ends every subscription (their releases are proposed), then stops the push thread once they are signalled. */
    @Override
    public void close() {
        closed = true;
        List<PushSubscription> all = new ArrayList<>(open);
        all.forEach(PushSubscription::nodeClosed);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
                thread.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
