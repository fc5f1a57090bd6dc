package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.Limits;
import dev.seqlog.api.Names;
import dev.seqlog.core.internal.lifecycle.DurableStore;
import dev.seqlog.core.internal.topic.AdmittedAppend;
import dev.seqlog.core.internal.topic.EncodedBatch;
import dev.seqlog.core.internal.topic.Journal;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.topic.TopicRegistry;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's write paths. An append encodes and checks its batch before any lock, waits for checkpoint
 * admission on a future (never a thread) and in arrival order ({@link OrderedAdmission}), then appends under the
 * topic's lock ({@link AdmittedAppend});
 * dead-lettered copies take the same path with the meta limits raised by their stamps. A delete is made under
 * the topic's lock and answered once it is as durable as the class promises.
 *
 * <p>Thread-safe.
 */
final class EngineWrites {
    private final Limits limits;
    private final DurableStore store;
    private final TopicRegistry registry;
    private final InstantSource clock;
    private final Runnable checkOpen;
    private final OrderedAdmission admission;

    EngineWrites(Limits limits, DurableStore store, TopicRegistry registry, InstantSource clock, Runnable checkOpen) {
        this.limits = limits;
        this.store = store;
        this.admission = new OrderedAdmission(() -> store == null ? Journal.DURABLE : store.admission());
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
            return admission.run(() -> admitted(topic, request, batch, check, started));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A delete of records (SEMANTICS §8), answered once durable per the class. */
    CompletableFuture<DeleteResult> delete(TopicLog t, DeleteRequest request) {
        long started = System.nanoTime();
        TopicLog.Deleted d = t.delete(request, clock.millis());
        long logged = System.nanoTime();
        return t.whenDurable(d.ticket()).thenApply(v -> new DeleteResult(t.name(), d.deleted(), d.earliest(), d.head(),
                d.count(), d.bytes(), logged - started, System.nanoTime() - logged));
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
