package dev.seqlog.api;

import java.util.Map;
import java.util.concurrent.Flow;

/**
 * The subscription a {@link WatchPublisher} hands to its subscriber: demand counts events.
 */
public interface WatchSubscription extends Flow.Subscription {
    /**
     * The cursor of every topic still followed, as of the last event handed to {@code onNext} (seqs skipped
     * since, deleted or node-filtered, included). Called from {@code onNext}, it is the resume position for
     * exactly the events delivered so far: a new watch starting there receives nothing twice.
     *
     * @return topic name to cursor, ascending by name
     */
    Map<String, Long> cursors();
}
