package dev.seqlog.server.http.stream;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.auth.ApiKey;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caps on long-lived connections (API §12.2): SSE watch streams and WebSocket connections count against
 * {@code SEQLOG_MAX_SSE_CONNECTIONS} and, per key when auth is on, {@code SEQLOG_MAX_SSE_CONNECTIONS_PER_KEY}.
 * A slot is released exactly once however its connection ends. Thread-safe.
 */
public final class StreamSlots {
    private final long max;
    private final long maxPerKey;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<Integer, AtomicInteger> byKey = new ConcurrentHashMap<>();

    /**
     * @param max the instance cap, 0 for none
     * @param maxPerKey the per-key cap, 0 for none; not applied in dev mode
     */
    public StreamSlots(long max, long maxPerKey) {
        this.max = max;
        this.maxPerKey = maxPerKey;
    }

    /** A held slot. */
    public final class Slot {
        private final AtomicInteger keyCount;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Slot(AtomicInteger keyCount) {
            this.keyCount = keyCount;
        }

        /** Releases the slot; later calls do nothing. */
        public void release() {
            if (held.compareAndSet(true, false)) {
                total.decrementAndGet();
                if (keyCount != null) {
                    keyCount.decrementAndGet();
                }
            }
        }
    }

    /**
     * Takes a slot for a connection attributed to {@code key}.
     *
     * @param key the key the connection counts against ({@link ApiKey#DEV_MODE} when auth is off)
     * @return the slot
     * @throws SeqlogException throttled with {@code detail.limit} when a cap is reached
     */
    public Slot open(ApiKey key) {
        if (total.incrementAndGet() > max && max > 0) {
            total.decrementAndGet();
            throw full("max_sse_connections", max);
        }
        AtomicInteger k = null;
        if (maxPerKey > 0 && key != ApiKey.DEV_MODE) {
            k = byKey.computeIfAbsent(key.index(), i -> new AtomicInteger());
            if (k.incrementAndGet() > maxPerKey) {
                k.decrementAndGet();
                total.decrementAndGet();
                throw full("max_sse_connections_per_key", maxPerKey);
            }
        }
        return new Slot(k);
    }

    /** @return connections holding a slot now */
    public int open() {
        return total.get();
    }

    private static SeqlogException full(String limit, long max) {
        return new SeqlogException(ErrorCode.THROTTLED, "too many long-lived connections")
                .with("limit", limit).with("max", max);
    }
}
