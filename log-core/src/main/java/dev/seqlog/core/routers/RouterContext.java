package dev.seqlog.core.routers;

import dev.seqlog.core.internal.notify.Deadlines;
import dev.seqlog.core.internal.topic.Journal;
import dev.seqlog.core.internal.topic.TopicRegistry;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the routers of one engine share.
 *
 * @param clock the engine clock (backoff timers run on it)
 * @param deadlines runs backoff timers
 * @param executor runs forwarders
 * @param registry the topics
 * @param journal where the catalog logs
 * @param admission the checkpoint's write admission: copies wait for it like any append
 * @param maxRouters the router limit, 0 for none
 * @param checkOpen throws unless the engine serves calls (not_ready, shutting_down)
 * @param inline with an external log: forwarders run only when the log's owner asks ({@link Routers#forwardNow()}),
 *        on its thread, so every replica copies the same records at the same point of the log
 */
public record RouterContext(InstantSource clock, Deadlines deadlines, Executor executor, TopicRegistry registry,
                            Journal journal, Supplier<CompletableFuture<Void>> admission, long maxRouters,
                            Runnable checkOpen, boolean inline) {
    long now() {
        return clock.millis();
    }
}
