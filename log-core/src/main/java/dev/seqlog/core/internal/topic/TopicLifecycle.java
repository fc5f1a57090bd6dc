package dev.seqlog.core.internal.topic;

import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;

/**
 * The life of one topic instance: its creation logged, configuration changes (tightened retention takes
 * effect at once), the exact head logged at a clean shutdown, and its end (topic delete or engine close).
 *
 * <p>Thread-safe: every step runs under the topic's lock; listeners are told of the end after it is released.
 */
public final class TopicLifecycle {
    private final TopicLog t;

    TopicLifecycle(TopicLog t) {
        this.t = t;
    }

    /**
     * Applies a new configuration; tightened caps and TTL take effect at once, for reject topics too.
     *
     * @param newConfig the resolved configuration
     * @param now the clock reading
     * @return the journal ticket to wait for before acknowledging (0 when nothing is logged), or -1 if this
     *         instance was deleted meanwhile
     */
    public long reconfigure(TopicConfig newConfig, long now) {
        t.lock.lock();
        try {
            if (t.ended) {
                return -1;
            }
            boolean logging = t.log.enabled() && !t.replaying;
            if (logging && newConfig.durability() != t.config.durability()) {
                // the reservation a class change leaves behind is the exact head: seqs acknowledged under
                // the old class stay covered, and nothing above them is claimed (SEMANTICS §4.2)
                t.log.reserve(t.w.head, false);
                t.reservations.resetTo(t.w.head);
            }
            TopicConfig before = t.config;
            t.config = newConfig;
            // expiry under the new TTL is logged before the CONFIG frame, whose replay applies the new caps:
            // the same order as here, so a restart reproduces which records expired and which were evicted
            t.expire(now);
            long ticket = logging ? t.log.config(newConfig) : 0;
            if (logging && t.attachment != null) {
                ticket = Math.max(ticket, t.attachment.reconfigured(before, newConfig));
            }
            t.live.evictToCaps(t.config.capRecords(), t.config.capBytes());
            t.changes++;
            return ticket;
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Logs this instance's creation (name, id, configuration); control state is flushed before it is
     * acknowledged.
     *
     * @return the ticket to wait for, or 0 when nothing is logged
     */
    public long logCreate() {
        t.lock.lock();
        try {
            return t.log.create(t.name, t.config);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Logs the exact head as the final reservation at a clean shutdown, so no restart loss range appears
     * after it (a reservation left from an earlier class included).
     */
    public void logExactHead() {
        t.lock.lock();
        try {
            if (!t.ended && t.log.enabled() && t.config.durability() != Durability.MEMORY) {
                t.log.reserve(t.w.head, false);
                t.reservations.lastLogged = t.w.head;
            }
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Ends this instance (topic delete), releasing its storage; waiting listeners are told.
     *
     * @param ifEmpty refuse if any record is live
     * @param now the clock reading
     * @param logged whether to log the deletion (false when the engine closes)
     * @return the journal ticket to wait for before acknowledging, or 0
     * @throws SeqlogException topic_not_empty
     */
    public long end(boolean ifEmpty, long now, boolean logged) {
        long ticket = 0;
        t.lock.lock();
        try {
            if (t.ended) {
                return 0;
            }
            t.expire(now);
            if (ifEmpty && t.live.count() > 0) {
                throw new SeqlogException(ErrorCode.TOPIC_NOT_EMPTY, "topic \"" + t.name + "\" is not empty")
                        .with("topic", t.name).with("count", t.live.count());
            }
            if (logged) {
                ticket = t.log.drop();
            }
            t.ended = true;
            t.live.clear();
            t.idempotency.clear();
            t.w.losses.clear();
            t.visibility.clear();
        } finally {
            t.lock.unlock();
        }
        t.listeners.end();
        if (t.attachment != null) {
            t.attachment.ended();
        }
        return ticket;
    }
}
