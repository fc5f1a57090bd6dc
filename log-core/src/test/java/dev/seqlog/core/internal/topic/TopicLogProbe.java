package dev.seqlog.core.internal.topic;

/** Read-only access to a topic's internals for tests in other packages. Thread-safe (delegates). */
public final class TopicLogProbe {
    private TopicLogProbe() {
    }

    /** @return segments held by the topic */
    public static int segments(TopicLog t) {
        return t.locked(t.live::segmentCount);
    }

    /** @return distinct tags in the topic's index */
    public static int indexedTags(TopicLog t) {
        return t.locked(t.live::tagCount);
    }

    /** @return the topic's evict floor F */
    public static long evictFloor(TopicLog t) {
        return t.locked(t.w::floor);
    }

    /** @return the current seq reservation block */
    public static long reservationBlock(TopicLog t) {
        return t.locked(t.reservations::block);
    }

    /** @return how far the last logged reservation is ahead of the head: the most a crash turns into a restart range */
    public static long reservationAhead(TopicLog t) {
        return t.locked(() -> t.reservations.lastLogged - t.w.head);
    }

    /** @return whether the last reservation requested is durable, as a writer checking it now would find */
    public static boolean reservationDurable(TopicLog t) {
        return t.locked(() -> t.log.isDurable(t.reservations.ticket()));
    }

    /** @return listeners armed on the topic */
    public static int listeners(TopicLog t) {
        return t.listeners().size();
    }
}
