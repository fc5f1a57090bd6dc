package dev.seqlog.core;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Checkpoint admission that keeps the order of calls. A write held back by checkpoint backpressure waits on a
 * future (never a thread); the writes held back run in the order they arrived, and a write that arrives while any
 * is still held back queues behind them. So a writer that pipelines asynchronous appends gets seqs in the order
 * it made the calls, as it would without backpressure. (Running each held-back write as a dependent of the
 * admission future would not: a future runs its dependents in no promised order, and a write arriving just as
 * admission opens could pass those still waiting.)
 *
 * <p>Thread-safe. The fast path, nothing held back and admission open, is a volatile read and a future check.
 */
final class OrderedAdmission {
    private final Supplier<CompletableFuture<Void>> admission;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private final AtomicInteger held = new AtomicInteger();
    private boolean draining;

    /** @param admission the current admission: complete when a write may proceed */
    OrderedAdmission(Supplier<CompletableFuture<Void>> admission) {
        this.admission = admission;
    }

    /**
     * Runs {@code call} once admitted, after every call held back before it.
     *
     * @param call the write; runs on this thread when nothing is held back, else on the thread that opens
     *        admission or drains the queue
     * @return the write's result
     */
    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> call) {
        if (held.get() == 0 && admission.get().isDone()) {
            return call.get();
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        synchronized (this) {
            held.incrementAndGet();
            waiting.add(() -> relay(call, out));
        }
        drain();
        return out;
    }

    private static <T> void relay(Supplier<CompletableFuture<T>> call, CompletableFuture<T> out) {
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException | Error e) {
            out.completeExceptionally(e);
            return;
        }
        f.whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(v);
            }
        });
    }

    /** Runs held-back calls in order while admission is open; one thread drains at a time. */
    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (draining || waiting.isEmpty()) {
                    return;
                }
                CompletableFuture<Void> a = admission.get();
                if (!a.isDone()) {
                    a.whenComplete((v, e) -> drain());
                    return;
                }
                next = waiting.poll();
                draining = true;
            }
            try {
                next.run();
            } finally {
                synchronized (this) {
                    draining = false;
                }
                held.decrementAndGet();
            }
        }
    }
}
