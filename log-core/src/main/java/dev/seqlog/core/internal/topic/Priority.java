package dev.seqlog.core.internal.topic;

import dev.seqlog.api.TopicConfig;

/**
 * The effective scheduling priority of SEMANTICS §15: manual when set, else a recency term that halves
 * every 30 s after the last read and is 0 after 300 s.
 *
 * <p>Stateless; thread-safe.
 */
final class Priority {
    static final long HALF_LIFE_MS = 30_000;
    static final long HORIZON_MS = 300_000;

    private Priority() {
    }

    static int effective(TopicConfig c, Long lastReadTs, long now) {
        if (c.priority() != null) {
            return c.priority();
        }
        if (!c.autoPriority() || lastReadTs == null) {
            return 0;
        }
        long age = Math.max(0, now - lastReadTs);
        if (age >= HORIZON_MS) {
            return 0;
        }
        return (int) Math.round(500 * Math.pow(2, -(double) age / HALF_LIFE_MS));
    }
}
