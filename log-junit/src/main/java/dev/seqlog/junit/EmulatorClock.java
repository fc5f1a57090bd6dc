package dev.seqlog.junit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulated engine's clock: it moves only when the test moves it. Record timestamps ({@code $ts}), TTL
 * expiry, idempotency windows, lease deadlines and long-poll waits all follow it, so a test crosses a
 * 30-second lease with {@code advance(Duration.ofSeconds(31))} instead of waiting. Millisecond resolution, as the
 * log's timestamps. Thread-safe.
 */
public final class EmulatorClock implements InstantSource {
    private final AtomicLong millis;

    EmulatorClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    /**
     * Moves the clock forward.
     *
     * @param delta how far, truncated to whole milliseconds; must not be negative
     * @return the new time
     */
    public Instant advance(Duration delta) {
        if (delta.isNegative()) {
            throw new IllegalArgumentException("the emulator's clock only moves forward: " + delta);
        }
        return Instant.ofEpochMilli(millis.addAndGet(delta.toMillis()));
    }

    /**
     * Moves the clock to {@code time}, forward or back (a clock step, as NTP may make).
     *
     * @param time the new time
     */
    public void set(Instant time) {
        millis.set(time.toEpochMilli());
    }

    @Override
    public String toString() {
        return "EmulatorClock[" + instant() + "]";
    }
}
