package dev.seqlog.server.auth;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The per-key cap on concurrent ordinary requests (API §12.2, {@code max_inflight_per_key}). Every
 * successful {@link #tryAcquire} must be paired with one {@link #release}. Thread-safe.
 */
public final class InflightLimiter {
    private final AtomicIntegerArray counts;
    private final long max;

    /**
     * Creates a limiter.
     *
     * @param ring the configured keys
     * @param max the cap per key, 0 for unlimited
     */
    public InflightLimiter(KeyRing ring, long max) {
        this.counts = new AtomicIntegerArray(Math.max(1, ring.keys().size()));
        this.max = max;
    }

    /** @return the cap, 0 for unlimited */
    public long max() {
        return max;
    }

    /**
     * Takes a slot for the key unless it is at its cap; dev-mode requests are never limited.
     *
     * @param key the caller
     * @return whether a slot was taken (and must be released)
     */
    public boolean tryAcquire(ApiKey key) {
        if (key.index() < 0 || max == 0) {
            return true;
        }
        while (true) {
            int n = counts.get(key.index());
            if (n >= max) {
                return false;
            }
            if (counts.compareAndSet(key.index(), n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Returns a slot taken by {@link #tryAcquire}.
     *
     * @param key the caller
     */
    public void release(ApiKey key) {
        if (key.index() >= 0 && max != 0) {
            counts.decrementAndGet(key.index());
        }
    }

    /**
     * @param key a key
     * @return its requests in flight now
     */
    public int inFlight(ApiKey key) {
        return key.index() < 0 ? 0 : counts.get(key.index());
    }
}
