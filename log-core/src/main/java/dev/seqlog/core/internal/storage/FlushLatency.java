package dev.seqlog.core.internal.storage;

import dev.seqlog.api.WalStats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Flush latencies of one WAL shard in the fixed buckets of {@link WalStats#FSYNC_BUCKETS_US}. The bounds are
 * fixed by the contract, so exact counts per bucket are kept instead of a histogram to re-bucket.
 * One writer (the shard's thread) records; any thread reads.
 */
final class FlushLatency {
    private static final long[] BOUNDS = WalStats.FSYNC_BUCKETS_US;
    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private volatile long sumUs;

    /** Records one flush that took {@code nanos}. Writer thread only. */
    void record(long nanos) {
        long us = Math.max(0, nanos) / 1000;
        int i = 0;
        while (i < BOUNDS.length && us > BOUNDS[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sumUs = sumUs + us; // single writer
    }

    /** Adds this shard's counts into {@code into} (per bucket, not cumulative). */
    void addTo(long[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] += counts.get(i);
        }
    }

    /** @return total flush time in microseconds */
    long sumUs() {
        return sumUs;
    }
}
