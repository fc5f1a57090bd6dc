package dev.seqlog.core.internal.topic;

import dev.seqlog.api.SeqlogException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Futures waiting for a topic's visible head to pass a seq: the mechanism behind long-poll, watch and
 * router wake-ups. Completion happens outside the topic lock, on the publishing thread.
 *
 * <p>Not thread-safe: every method except the completion helpers is called under the topic's lock.
 */
final class HeadWaiters {
    private static final class Waiter {
        final long afterSeq;
        final CompletableFuture<Long> future;

        Waiter(long afterSeq, CompletableFuture<Long> future) {
            this.afterSeq = afterSeq;
            this.future = future;
        }
    }

    private final List<Waiter> waiters = new ArrayList<>();

    void add(long afterSeq, CompletableFuture<Long> future) {
        waiters.add(new Waiter(afterSeq, future));
    }

    void remove(CompletableFuture<Long> future) {
        waiters.removeIf(w -> w.future == future);
    }

    boolean isEmpty() {
        return waiters.isEmpty();
    }

    /** Removes and returns the waiters satisfied by {@code head}; complete them after unlocking. */
    List<CompletableFuture<Long>> takeSatisfied(long head) {
        List<CompletableFuture<Long>> out = null;
        for (int i = waiters.size() - 1; i >= 0; i--) {
            Waiter w = waiters.get(i);
            if (w.afterSeq < head) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(w.future);
                waiters.remove(i);
            }
        }
        return out == null ? List.of() : out;
    }

    /** Removes and returns every waiter; used when the instance ends. */
    List<CompletableFuture<Long>> takeAll() {
        List<CompletableFuture<Long>> out = new ArrayList<>(waiters.size());
        for (Waiter w : waiters) {
            out.add(w.future);
        }
        waiters.clear();
        return out;
    }

    static void complete(List<CompletableFuture<Long>> futures, long head) {
        for (CompletableFuture<Long> f : futures) {
            f.complete(head);
        }
    }

    static void fail(List<CompletableFuture<Long>> futures, String topic) {
        for (CompletableFuture<Long> f : futures) {
            f.completeExceptionally(SeqlogException.topicNotFound(topic));
        }
    }
}
