package dev.seqlog.core.internal.topic;

import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.format.CorruptionException;

import java.nio.ByteBuffer;

/**
 * A capability composed onto a topic instance with its own state, WAL frames and snapshot section: a queue's
 * leases. The instance creates it once, when its type asks for one, and calls it at the points below; every
 * call except {@link #ended()} runs under the topic's lock.
 */
public interface Attachment {
    /** Builds the attachment of a new instance. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param jobs the instance, as the attachment may use it
         * @return the attachment
         */
        Attachment attach(TopicJobs jobs);
    }

    /**
     * A live record at or above E stopped being live on its own (a tag delete, or a seq delete). Removals that
     * move E are not reported: everything below E is gone by definition.
     *
     * @param seq the record
     */
    void removed(long seq);

    /**
     * @param now the clock reading
     * @return the counters a state read reports
     */
    QueueCounters counters(long now);

    /** @return the snapshot section content, position 0 to limit */
    ByteBuffer capture();

    /**
     * Restores the state a snapshot section held; replay continues from there.
     *
     * @param content the section content
     * @throws CorruptionException if it does not decode
     */
    void restore(ByteBuffer content) throws CorruptionException;

    /**
     * Re-applies one of its WAL frames during replay.
     *
     * @param body the frame body
     * @throws CorruptionException if it does not decode
     */
    void replay(ByteBuffer body) throws CorruptionException;

    /**
     * The instance's configuration changed; its CONFIG frame is logged already.
     *
     * @param before the configuration before
     * @param after the configuration now
     * @return the ticket of a frame the attachment logged, to be durable before the change is acknowledged, or 0
     */
    long reconfigured(TopicConfig before, TopicConfig after);

    /** Replay ended: applies what a restart means for the attachment's state. */
    void replayFinished();

    /** The instance ended (deleted, or the engine closed); called once, outside the topic's lock. */
    void ended();
}
