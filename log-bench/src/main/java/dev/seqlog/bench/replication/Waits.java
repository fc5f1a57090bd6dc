package dev.seqlog.bench.replication;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling until a condition holds, with a deadline that fails loudly. Stateless. */
final class Waits {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Waits() {
    }

    /**
     * @param what what is awaited, for the message
     * @param timeout the longest wait
     * @param condition polled every 10 ms
     * @throws IllegalStateException if it does not hold in time
     */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /**
     * @param what what is awaited, for the message
     * @param timeout the longest wait
     * @param value polled every 10 ms until it gives a value
     * @param <T> the value's type
     * @return the first value it gave
     * @throws IllegalStateException if it gives none in time
     */
    static <T> T value(String what, Duration timeout, Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
