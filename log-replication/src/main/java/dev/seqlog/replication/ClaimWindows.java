package dev.seqlog.replication;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The coalescing windows (SEMANTICS §13.4) of the queues one replicated node takes claims for. The first claim for a
 * queue with {@code claim_jitter_ms = w > 0} opens a window that closes {@code w} ms later; claims reaching this node
 * meanwhile, including those of its push subscriptions, join it; at the close the cohort is proposed as one
 * {@link Command.ClaimCohort}, which every replica serves with one pass. A window is this node's: claims for the
 * same queue through another node form that node's cohort.
 *
 * <p>Thread-safe.
 */
final class ClaimWindows implements AutoCloseable {
    /** Claims in one cohort at most: a full window closes at once (its entry stays small, its lease ids few). */
    static final int MAX_COHORT = 1024;

    private final ScheduledExecutorService timer;
    private final Function<Command.ClaimCohort, CompletableFuture<CohortOutcome>> propose;
    private final Map<String, List<Waiting>> open = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    private record Waiting(ClaimRequest request, CompletableFuture<ClaimResult> result) {
    }

    /**
     * @param timer closes the windows
     * @param propose proposes a cohort; completes once applied here
     */
    ClaimWindows(ScheduledExecutorService timer,
                 Function<Command.ClaimCohort, CompletableFuture<CohortOutcome>> propose) {
        this.timer = timer;
        this.propose = propose;
    }

    /**
     * @param topic the queue
     * @param request the claim
     * @param windowMs the queue's claim_jitter_ms, at least 1
     * @return the claim's jobs, once its cohort is applied here
     */
    CompletableFuture<ClaimResult> join(String topic, ClaimRequest request, long windowMs) {
        CompletableFuture<ClaimResult> result = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            List<Waiting> cohort = open.get(topic);
            if (cohort != null) {
                cohort.add(new Waiting(request, result));
                if (cohort.size() < MAX_COHORT) {
                    return result;
                }
                windowMs = 0;
            }
            if (windowMs > 0) {
                cohort = new ArrayList<>();
                cohort.add(new Waiting(request, result));
                open.put(topic, cohort);
            }
        }
        try {
            timer.schedule(() -> close(topic), windowMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            close(topic);
        }
        return result;
    }

    /** Proposes the cohort of {@code topic}'s window and hands each claim its result. */
    private void close(String topic) {
        List<Waiting> cohort;
        synchronized (this) {
            cohort = open.remove(topic);
        }
        if (cohort == null) {
            return;
        }
        List<ClaimRequest> requests = cohort.stream().map(Waiting::request).toList();
        propose.apply(new Command.ClaimCohort(topic, requests)).whenComplete((outcome, failure) -> {
            for (int i = 0; i < cohort.size(); i++) {
                CompletableFuture<ClaimResult> f = cohort.get(i).result();
                if (failure != null) {
                    f.completeExceptionally(failure);
                } else if (outcome.outcomes().get(i).isError()) {
                    f.completeExceptionally(ResultCodec.copy(outcome.outcomes().get(i).error()));
                } else {
                    f.complete((ClaimResult) outcome.outcomes().get(i).value());
                }
            }
        });
    }

    /** Fails the claims of windows still open: the node closes. */
    @Override
    public void close() {
        List<List<Waiting>> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(open.values());
            open.clear();
        }
        SeqlogException e = closedError();
        left.forEach(cohort -> cohort.forEach(w -> w.result().completeExceptionally(e)));
    }

    private static SeqlogException closedError() {
        return new SeqlogException(ErrorCode.SHUTTING_DOWN, "the replicated node is closed")
                .with("reason", "node_closed");
    }
}
