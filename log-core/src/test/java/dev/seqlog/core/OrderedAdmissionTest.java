package dev.seqlog.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes held back by checkpoint admission run in the order they arrived, and later ones queue behind them. */
class OrderedAdmissionTest {
    private final AtomicReference<CompletableFuture<Void>> gate =
            new AtomicReference<>(CompletableFuture.completedFuture(null));
    private final OrderedAdmission admission = new OrderedAdmission(gate::get);
    private final List<Integer> ran = new ArrayList<>();

    private CompletableFuture<Integer> write(int i) {
        return admission.run(() -> {
            synchronized (ran) {
                ran.add(i);
            }
            return CompletableFuture.completedFuture(i);
        });
    }

    @Test
    void heldBackWritesRunInArrivalOrderAndLaterOnesQueueBehindThem() {
        write(0);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        gate.set(closed);
        List<CompletableFuture<Integer>> held = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            held.add(write(i));
        }
        assertEquals(List.of(0), ran);
        assertFalse(held.get(0).isDone());
        gate.set(CompletableFuture.completedFuture(null)); // the next checkpoint's admission is open already
        CompletableFuture<Integer> late = write(51); // arrives before the held ones are released: queues behind
        closed.complete(null);
        late.join();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= 51; i++) {
            expected.add(i);
        }
        assertEquals(expected, ran);
        assertTrue(held.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
        write(52);
        assertEquals(52, ran.get(ran.size() - 1));
    }

    @Test
    void aHeldBackWriteThatFailsFailsItsOwnFutureOnly() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        gate.set(closed);
        CompletableFuture<Integer> bad = admission.run(() -> {
            throw new IllegalStateException("refused");
        });
        CompletableFuture<Integer> good = write(1);
        gate.set(CompletableFuture.completedFuture(null));
        closed.complete(null);
        assertThrows(Exception.class, bad::join);
        assertEquals(1, good.join());
    }
}
