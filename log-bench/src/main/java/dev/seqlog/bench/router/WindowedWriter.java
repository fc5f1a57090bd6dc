package dev.seqlog.bench.router;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.EventLog;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One writer's client discipline, the same on both sides: {@code appendAsync} with at most W appends in flight,
 * the next one sent as soon as one is acknowledged. The calling thread blocks on the window, never spins.
 * Called from one thread; acknowledgements arrive on the engine's.
 */
final class WindowedWriter {
    /** The writer gives up when no append was acknowledged for this long. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final EventLog log;
    private final int window;

    /**
     * What the writer saw. Immutable.
     *
     * @param startNanos {@link System#nanoTime()} just before the first append
     * @param lastAckNanos when the last acknowledgement arrived
     * @param acked records acknowledged
     * @param problem the first failure or short acknowledgement, null if none
     */
    record Acks(long startNanos, long lastAckNanos, long acked, String problem) {
    }

    /**
     * @param log the engine
     * @param window appends in flight at most
     */
    WindowedWriter(EventLog log, int window) {
        this.log = log;
        this.window = window;
    }

    /**
     * Sends every append, then waits for the last acknowledgement.
     *
     * @param topic where to append
     * @param requests the appends, in order
     * @return what the writer saw; it stops early after a failure or a stall
     * @throws InterruptedException if interrupted while waiting
     */
    Acks write(String topic, List<AppendRequest> requests) throws InterruptedException {
        Semaphore free = new Semaphore(window);
        AtomicLong acked = new AtomicLong();
        AtomicLong lastAck = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        long start = System.nanoTime();
        for (AppendRequest req : requests) {
            if (problem.get() != null || !acquire(free, 1, acked)) {
                break;
            }
            int n = req.records().size();
            CompletableFuture<AppendResult> f;
            try {
                f = log.appendAsync(topic, req);
            } catch (RuntimeException e) {
                problem.compareAndSet(null, "append refused: " + e);
                free.release();
                break;
            }
            f.whenComplete((r, e) -> {
                long now = System.nanoTime();
                if (e != null) {
                    problem.compareAndSet(null, "append failed: " + e);
                } else if (r.count() != n) {
                    problem.compareAndSet(null, "an append of " + n + " records was acknowledged as " + r);
                } else {
                    acked.addAndGet(n);
                    lastAck.accumulateAndGet(now, Math::max);
                }
                free.release();
            });
        }
        if (!acquire(free, window, acked)) {
            problem.compareAndSet(null, "appends stalled: topic=" + topic + " acked=" + acked.get());
        }
        return new Acks(start, lastAck.get(), acked.get(), problem.get());
    }

    /** Takes permits, giving up when no acknowledgement arrived for {@link #STALL_NANOS}. */
    private static boolean acquire(Semaphore free, int permits, AtomicLong acked) throws InterruptedException {
        long seen = acked.get();
        long since = System.nanoTime();
        while (!free.tryAcquire(permits, 1, TimeUnit.SECONDS)) {
            long now = System.nanoTime();
            if (acked.get() != seen) {
                seen = acked.get();
                since = now;
            } else if (now - since > STALL_NANOS) {
                return false;
            }
        }
        return true;
    }
}
