package dev.seqlog.core.internal.topic;

/** Read-only access to a topic's internals for tests in other packages. Thread-safe (delegates). */
public final class TopicLogProbe {
    private TopicLogProbe() {
    }

    /** @return segments held by the topic */
    public static int segments(TopicLog t) {
        return t.segmentCount();
    }

    /** @return distinct tags in the topic's index */
    public static int indexedTags(TopicLog t) {
        return t.indexedTags();
    }

    /** @return the topic's evict floor F */
    public static long evictFloor(TopicLog t) {
        return t.evictFloor();
    }
}
