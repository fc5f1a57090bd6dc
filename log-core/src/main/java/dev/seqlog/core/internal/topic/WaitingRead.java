package dev.seqlog.core.internal.topic;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.notify.Listener;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A read that waits for something deliverable (SEMANTICS §6.6): it reads; if the read delivered nothing,
 * carried no tombstone and caught up, it advances its cursor past what it examined and waits for the next
 * publish, until the deadline on the engine clock. A wake whose records are all filtered out (node
 * filtering) waits again without answering. Long-poll reads run on it.
 *
 * <p>Each attempt runs on the caller's thread first, then on {@code executor} after a wake or the
 * deadline; attempts never overlap, since a listener is armed only between two of them. The future settles
 * the race with a caller that gives up: cancelling it disarms the listener.
 */
public final class WaitingRead extends Listener {
    private final TopicLog topic;
    private final int limit;
    private final RecordSink sink;
    private final long deadline;
    private final InstantSource clock;
    private final Executor executor;
    private final CompletableFuture<DiffResult> result = new CompletableFuture<>();
    private DiffRequest request;
    private long scanned;

    private WaitingRead(TopicLog topic, DiffRequest request, int limit, RecordSink sink, long deadline,
                        InstantSource clock, Executor executor) {
        this.topic = topic;
        this.request = request;
        this.limit = limit;
        this.sink = sink;
        this.deadline = deadline;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * Reads {@code topic}, waiting up to {@code deadline} on the engine clock for something deliverable.
     *
     * @param topic the instance
     * @param request the read
     * @param limit the record limit after clamping
     * @param sink receives the delivered records of the read that answers
     * @param deadline engine-clock millis
     * @param clock the engine clock
     * @param executor where reads after a wake run
     * @return the result of the read that answered
     */
    public static CompletableFuture<DiffResult> start(TopicLog topic, DiffRequest request, int limit,
                                                     RecordSink sink, long deadline, InstantSource clock,
                                                     Executor executor) {
        WaitingRead r = new WaitingRead(topic, request, limit, sink, deadline, clock, executor);
        r.result.whenComplete((v, err) -> {
            if (r.result.isCancelled()) {
                topic.listeners.disarm(r);
            }
        });
        r.attempt();
        return r.result;
    }

    private void attempt() {
        try {
            while (!result.isDone()) {
                long now = clock.millis();
                DiffResult r = topic.read(request, limit, sink, now, true);
                scanned += r.recordsScanned();
                boolean nothing = r.delivered() == 0 && r.tombstone() == null && r.caughtUp();
                if (!nothing || now >= deadline) {
                    result.complete(new DiffResult(r.records(), r.delivered(), r.nextFromSeq(), r.headSeq(),
                            r.earliestSeq(), r.tombstone(), scanned));
                    return;
                }
                request = request.withFromSeq(r.nextFromSeq());
                if (topic.listeners.arm(this, r.headSeq(), deadline)) {
                    return;
                }
                // published meanwhile: read again at once
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    protected void onHead(long head) {
        executor.execute(this::attempt);
    }

    @Override
    protected void onTimeout() {
        executor.execute(this::attempt);
    }

    @Override
    protected void onEnd() {
        result.completeExceptionally(SeqlogException.topicNotFound(topic.name()));
    }
}
