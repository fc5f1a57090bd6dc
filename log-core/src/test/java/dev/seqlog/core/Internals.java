package dev.seqlog.core;

import dev.seqlog.core.internal.topic.TopicLog;

/** Test access to engine internals that the public surface does not expose. */
public final class Internals {
    private Internals() {
    }

    /** @return the live instance of {@code topic} */
    public static TopicLog topic(SeqlogEngine engine, String topic) {
        return engine.topic(topic);
    }
}
