package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * How far this replica has applied the Raft log, and who waits for it: a write acknowledged by the leader completes
 * on the node that proposed it only once that node has applied the entry too, so its caller reads its own write
 * there. Waiters are completed on the given executor, never on the thread that applies entries.
 *
 * <p>Thread-safe.
 */
final class ApplyProgress {
    private final Executor completer;
    private final NavigableMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private long applied = -1;
    private boolean closed;

    ApplyProgress(Executor completer) {
        this.completer = completer;
    }

    /** Records that every entry up to {@code index} is applied; wakes the waiters it satisfies. */
    void advance(long index) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        synchronized (this) {
            if (index <= applied) {
                return;
            }
            applied = index;
            NavigableMap<Long, List<CompletableFuture<Void>>> done = waiters.headMap(index, true);
            done.values().forEach(ready::addAll);
            done.clear();
        }
        for (CompletableFuture<Void> f : ready) {
            complete(f);
        }
    }

    /** @return the highest index applied, -1 before the first */
    synchronized long applied() {
        return applied;
    }

    /**
     * @param index a log index
     * @return a future completed (on the completer) once {@code index} is applied here
     */
    CompletableFuture<Void> await(long index) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                f.completeExceptionally(closedError());
                return f;
            }
            if (index > applied) {
                waiters.computeIfAbsent(index, i -> new ArrayList<>()).add(f);
                return f;
            }
        }
        complete(f);
        return f;
    }

    /** Fails every waiter: the node is closing. */
    void close() {
        List<CompletableFuture<Void>> left = new ArrayList<>();
        synchronized (this) {
            closed = true;
            waiters.values().forEach(left::addAll);
            waiters.clear();
        }
        for (CompletableFuture<Void> f : left) {
            f.completeExceptionally(closedError());
        }
    }

    private void complete(CompletableFuture<Void> f) {
        try {
            completer.execute(() -> f.complete(null));
        } catch (RejectedExecutionException closing) {
            f.completeExceptionally(closedError());
        }
    }

    private static SeqlogException closedError() {
        return new SeqlogException(ErrorCode.SHUTTING_DOWN,
                "the replicated node closed before it applied the write; the write may have been committed")
                .with("reason", "node_closed");
    }
}
