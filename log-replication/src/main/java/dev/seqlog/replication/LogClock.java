package dev.seqlog.replication;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The only clock a replicated engine reads ({@code $ts}, TTL, idempotency windows): the time written into the
 * Raft entries, never a replica's own clock. Applying an entry moves it to the entry's time unless that would move
 * it back, so every replica reads the same time at the same log index and time never goes backwards, whatever
 * clock skew there is between the nodes that proposed.
 *
 * <p>Thread-safe: one writer (the thread that applies entries), any number of readers.
 */
final class LogClock implements InstantSource {
    private volatile long millis;

    LogClock(long startMillis) {
        this.millis = startMillis;
    }

    /**
     * Moves the clock to {@code entryMillis} if that is later than now. Called only while applying entries.
     *
     * @param entryMillis the time an applied entry carries
     */
    void advanceTo(long entryMillis) {
        if (entryMillis > millis) {
            millis = entryMillis;
        }
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public String toString() {
        return "LogClock[" + instant() + "]";
    }
}
