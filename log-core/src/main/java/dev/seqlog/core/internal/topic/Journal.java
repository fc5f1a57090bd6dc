package dev.seqlog.core.internal.topic;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Where a topic logs its operations: nowhere for the in-memory engine, the WAL shards otherwise. A
 * topic always maps to the same shard, so its frames stay in commit order and a durable ticket implies
 * every earlier ticket of that topic is durable too.
 *
 * <p>Implementations are thread-safe.
 */
public interface Journal {
    /** The journal of the purely in-memory engine: logs nothing. */
    Journal NONE = new Journal() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public long submit(long topicId, ByteBuffer body, boolean sync) {
            return 0;
        }

        @Override
        public void awaitDurable(long topicId, long ticket) {
        }

        @Override
        public boolean isDurable(long topicId, long ticket) {
            return true;
        }

        @Override
        public CompletableFuture<Void> whenDurable(long topicId, long ticket) {
            return DURABLE;
        }

        @Override
        public void checkWritable() {
        }
    };

    /** A completed future: what {@link #whenDurable} returns for a ticket that is durable already. */
    CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

    /** @return whether anything is logged */
    boolean enabled();

    /**
     * Queues a frame for the topic's shard.
     *
     * @param topicId the topic id
     * @param body the frame body
     * @param sync whether the caller needs it flushed promptly
     * @return a ticket, positive
     * @throws dev.seqlog.api.SeqlogException internal (storage_read_only / storage_error)
     */
    long submit(long topicId, ByteBuffer body, boolean sync);

    /**
     * Waits until the ticket is durable.
     *
     * @param topicId the topic id
     * @param ticket the ticket
     * @throws dev.seqlog.api.SeqlogException internal (storage_error) if the flush failed
     */
    void awaitDurable(long topicId, long ticket);

    /**
     * A future that completes once the ticket is durable, on a thread that is not the caller's (unless it is
     * durable already), or fails with internal (storage_error) if the flush failed.
     *
     * @param topicId the topic id
     * @param ticket a ticket, or 0
     * @return the future
     */
    CompletableFuture<Void> whenDurable(long topicId, long ticket);

    /**
     * @param topicId the topic id
     * @param ticket a ticket, or 0
     * @return whether it is durable (0 always is)
     */
    boolean isDurable(long topicId, long ticket);

    /**
     * @throws dev.seqlog.api.SeqlogException internal (storage_read_only) after a storage failure
     */
    void checkWritable();
}
