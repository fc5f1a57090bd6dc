package dev.seqlog.core.watch;

import dev.seqlog.core.internal.topic.TopicLog;

import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What a watch needs from the engine.
 *
 * @param topics the live instance of a name, or null
 * @param executor runs deliveries; a small fixed pool, never a thread per watcher
 * @param clock the engine clock
 * @param maxLimit the engine's record limit clamp
 * @param closed whether the engine has closed
 */
public record WatchContext(Function<String, TopicLog> topics, Executor executor, InstantSource clock, int maxLimit,
                           BooleanSupplier closed) {
}
