package dev.seqlog.core.internal.topic;

import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.notify.HeadListeners;
import dev.seqlog.core.internal.notify.Listener;

import java.util.concurrent.CompletableFuture;

/**
 * One {@code awaitHead} call: a future that completes with the visible head once it passes a seq. If the
 * caller completes or cancels the future first (a timeout, say), the listener leaves the topic at once.
 *
 * <p>Thread-safe: the future settles the race between a wake and the caller.
 */
public final class HeadWait extends Listener {
    private final CompletableFuture<Long> future = new CompletableFuture<>();
    private final TopicLog topic;

    private HeadWait(TopicLog topic) {
        this.topic = topic;
    }

    /**
     * Waits until the visible head of {@code topic} exceeds {@code afterSeq}.
     *
     * @param topic the instance
     * @param afterSeq the head the caller has seen
     * @return the future, completing with the head, or with topic_not_found when the instance ends
     */
    public static CompletableFuture<Long> start(TopicLog topic, long afterSeq) {
        HeadWait wait = new HeadWait(topic);
        while (!topic.listeners.arm(wait, afterSeq, HeadListeners.NO_DEADLINE)) {
            long head = topic.locked(() -> {
                topic.requireLive();
                return topic.w.visibleHead;
            });
            if (head > afterSeq) {
                wait.future.complete(head);
                return wait.future;
            }
            // a publish raced with the read: the head the listeners saw is newer than the one read; retry
        }
        wait.future.whenComplete((v, err) -> topic.listeners.disarm(wait));
        return wait.future;
    }

    @Override
    protected void onHead(long head) {
        future.complete(head);
    }

    @Override
    protected void onTimeout() {
        // armed without a deadline
    }

    @Override
    protected void onEnd() {
        future.completeExceptionally(SeqlogException.topicNotFound(topic.name()));
    }
}
