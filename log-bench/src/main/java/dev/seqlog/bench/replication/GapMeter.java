package dev.seqlog.bench.replication;

import java.util.function.LongSupplier;

/**
 * The time between consecutive acknowledgements from all writers together, and the longest such gap since a
 * mark. A gap still open when read counts up to the moment of reading. Thread-safe.
 */
final class GapMeter {
    private final LongSupplier nanoClock;
    private long last;
    private long longest;
    private long acks;

    /** @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime} */
    GapMeter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.last = nanoClock.getAsLong();
    }

    /** Records an acknowledgement now. */
    synchronized void ack() {
        long now = nanoClock.getAsLong();
        longest = Math.max(longest, now - last);
        last = now;
        acks++;
    }

    /** @return acknowledgements recorded so far */
    synchronized long acks() {
        return acks;
    }

    /** Starts a new measurement: the longest gap is forgotten; the gap open now counts from its start. */
    synchronized void mark() {
        longest = 0;
    }

    /** @return the longest gap since the last mark, the one still open included, in nanoseconds */
    synchronized long longestSinceMark() {
        return Math.max(longest, nanoClock.getAsLong() - last);
    }
}
