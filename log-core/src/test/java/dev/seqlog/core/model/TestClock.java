package dev.seqlog.core.model;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A settable millisecond clock for driving time-dependent rules deterministically. */
final class TestClock implements InstantSource {
    private final AtomicLong millis;

    TestClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    /** Moves the clock by {@code deltaMs}, which may be negative (a backwards jump). */
    void advance(long deltaMs) {
        millis.addAndGet(deltaMs);
    }
}
