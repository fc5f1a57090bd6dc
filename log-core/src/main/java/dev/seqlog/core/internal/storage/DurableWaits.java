package dev.seqlog.core.internal.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The futures of a WAL shard that wait for a ticket to become durable, ordered by ticket. A flush takes
 * the ones it covers and completes them on the acknowledgement executor, never on the writer thread; a
 * failure fails them all.
 *
 * <p>Not thread-safe: guarded by the shard's lock (completion runs after it is released).
 */
final class DurableWaits {
    private record Wait(long ticket, CompletableFuture<Void> future) {
    }

    private final PriorityQueue<Wait> waits = new PriorityQueue<>((a, b) -> Long.compare(a.ticket, b.ticket));
    private final Executor acknowledger;

    DurableWaits(Executor acknowledger) {
        this.acknowledger = acknowledger;
    }

    CompletableFuture<Void> add(long ticket) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waits.add(new Wait(ticket, f));
        return f;
    }

    /** Takes the waits {@code synced} covers; run the result after unlocking. */
    Runnable takeCovered(long synced) {
        if (waits.isEmpty() || waits.peek().ticket > synced) {
            return null;
        }
        List<Wait> done = new ArrayList<>();
        while (!waits.isEmpty() && waits.peek().ticket <= synced) {
            done.add(waits.poll());
        }
        return () -> acknowledger.execute(() -> done.forEach(w -> w.future.complete(null)));
    }

    /** Takes every wait, to fail with {@code cause}; run the result after unlocking. */
    Runnable takeAll(IOException cause) {
        if (waits.isEmpty()) {
            return null;
        }
        List<Wait> failed = new ArrayList<>(waits);
        waits.clear();
        return () -> acknowledger.execute(() -> failed.forEach(w -> w.future.completeExceptionally(cause)));
    }
}
