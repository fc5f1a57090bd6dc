package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.Limits;
import dev.seqlog.api.Names;
import dev.seqlog.core.internal.lifecycle.DurableStore;
import dev.seqlog.core.internal.topic.AdmittedAppend;
import dev.seqlog.core.internal.topic.EncodedBatch;
import dev.seqlog.core.internal.topic.Journal;
import dev.seqlog.core.internal.topic.TopicRegistry;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's append path: encode and check the batch before any lock, wait for checkpoint admission on a
 * future (never a thread), then append under the topic's lock ({@link AdmittedAppend}). Dead-lettered copies
 * take it too, with the meta limits raised by their stamps.
 *
 * <p>Thread-safe.
 */
final class EngineAppends {
    private final Limits limits;
    private final DurableStore store;
    private final TopicRegistry registry;
    private final InstantSource clock;
    private final Runnable checkOpen;

    EngineAppends(Limits limits, DurableStore store, TopicRegistry registry, InstantSource clock, Runnable checkOpen) {
        this.limits = limits;
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.checkOpen = checkOpen;
    }

    /** An append under the engine's limits. */
    CompletableFuture<AppendResult> append(String topic, AppendRequest request, CreateCheck check) {
        return append(topic, request, check, limits);
    }

    /** A dead-lettered copy: its meta stamps do not count toward the meta limits (SEMANTICS §13.7). */
    CompletableFuture<AppendResult> appendCopy(String topic, AppendRequest request, int stampBytes) {
        Limits l = limits;
        Limits relaxed = new Limits(l.maxBatchRecords(), l.maxRecordBytes() + stampBytes, l.maxMetaBytes() + stampBytes,
                l.maxTagBytes(), l.maxNodeBytes(), l.maxLimit(), l.maxTopics(), l.maxTotalBytes());
        return append(topic, request, CreateCheck.ALLOW, relaxed);
    }

    private CompletableFuture<AppendResult> append(String topic, AppendRequest request, CreateCheck check,
                                                   Limits limits) {
        long started = System.nanoTime();
        try {
            Names.requireTopic(topic);
            EncodedBatch batch = EncodedBatch.encode(request, limits);
            checkOpen.run();
            CompletableFuture<Void> admitted = store == null ? Journal.DURABLE : store.admission();
            if (admitted.isDone()) {
                return admitted(topic, request, batch, check, started);
            }
            return admitted.thenCompose(v -> admitted(topic, request, batch, check, started));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<AppendResult> admitted(String topic, AppendRequest request, EncodedBatch batch,
                                                     CreateCheck check, long started) {
        try {
            checkOpen.run();
            return AdmittedAppend.run(registry, topic, request, batch, check, started, clock.millis());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
