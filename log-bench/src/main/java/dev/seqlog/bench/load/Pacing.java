package dev.seqlog.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The schedule of W4's paced senders, the same on both servers. Stateless; thread-safe. */
public final class Pacing {
    private Pacing() {
    }

    /**
     * Waits until {@code due} on the nanoTime clock and records how late the wake was.
     *
     * @param due when the next write is due
     * @param maxLagNanos the worst lateness so far, raised if this one is worse
     */
    public static void awaitSchedule(long due, AtomicLong maxLagNanos) {
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
        }
        maxLagNanos.accumulateAndGet(now - due, Math::max);
    }
}
