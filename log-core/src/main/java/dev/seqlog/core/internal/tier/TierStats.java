package dev.seqlog.core.internal.tier;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the object-store tier, read by metrics: uploads and their failures, the backlog still to
 * upload (tier lag), the local cache's hits and misses, and garbage collection.
 *
 * <p>Thread-safe.
 */
public final class TierStats {
    final AtomicLong uploads = new AtomicLong();
    final AtomicLong uploadedBytes = new AtomicLong();
    final AtomicLong uploadErrors = new AtomicLong();
    final AtomicLong fetches = new AtomicLong();
    final AtomicLong fetchedBytes = new AtomicLong();
    final AtomicLong fetchErrors = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();
    final AtomicLong collected = new AtomicLong();
    final AtomicLong collectErrors = new AtomicLong();
    volatile long lagSegments;
    volatile long lagBytes;
    volatile long cachedBytes;

    /** @return a consistent-enough copy for one metrics scrape */
    public Snapshot read() {
        return new Snapshot(uploads.get(), uploadedBytes.get(), uploadErrors.get(), lagSegments, lagBytes,
                fetches.get(), fetchedBytes.get(), fetchErrors.get(), cacheHits.get(), cachedBytes, collected.get(),
                collectErrors.get());
    }

    /**
     * One reading.
     *
     * @param uploads segments uploaded and switched to their objects
     * @param uploadedBytes their bytes
     * @param uploadErrors uploads that failed (each starts a back-off)
     * @param lagSegments sealed segments beyond the hot retention not yet uploaded, at the last pass
     * @param lagBytes their bytes
     * @param fetches cache misses: segments fetched from the store
     * @param fetchedBytes their bytes
     * @param fetchErrors fetches that failed
     * @param cacheHits opens served by a copy the cache already held
     * @param cachedBytes bytes the cache holds now
     * @param collected objects deleted because no retained snapshot references them
     * @param collectErrors collection passes that failed
     */
    public record Snapshot(long uploads, long uploadedBytes, long uploadErrors, long lagSegments, long lagBytes,
                           long fetches, long fetchedBytes, long fetchErrors, long cacheHits, long cachedBytes,
                           long collected, long collectErrors) {
    }
}
