package dev.seqlog.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InstantSource} that moves only when a test tells it to. Thread-safe: any thread may read or move it.
 *
 * <p>Millisecond resolution on purpose: the log assigns millisecond timestamps, so a finer clock would let
 * tests observe states production never reaches.
 */
public final class ManualClock implements InstantSource {

    private final AtomicLong epochMillis;

    /** Starts the clock at {@code startEpochMillis} milliseconds after the epoch. */
    public ManualClock(long startEpochMillis) {
        this.epochMillis = new AtomicLong(startEpochMillis);
    }

    @Override
    public long millis() {
        return epochMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(epochMillis.get());
    }

    /** Jumps to {@code newEpochMillis}; moving backwards is allowed so tests can simulate a clock step. */
    public void set(long newEpochMillis) {
        epochMillis.set(newEpochMillis);
    }

    /**
     * Moves the clock by {@code deltaMillis} (negative moves it back) and returns the new time.
     *
     * @throws ArithmeticException if the result overflows a long
     */
    public long advance(long deltaMillis) {
        return epochMillis.updateAndGet(now -> Math.addExact(now, deltaMillis));
    }

    /**
     * Moves the clock by {@code delta}, truncated to whole milliseconds, and returns the new time.
     *
     * @throws ArithmeticException if the result overflows a long
     */
    public long advance(Duration delta) {
        return advance(delta.toMillis());
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
