package dev.seqlog.core;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.internal.topic.ExportPager;
import dev.seqlog.core.internal.topic.HeadWait;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.topic.WaitingRead;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The engine's read paths: a read into a sink or into records, an export, a wait for the head, and a long-poll
 * whose read after a wake runs on an executor. Every read is clamped to the engine's record limit. Thread-safe.
 */
final class EngineReads {
    private final int maxLimit;
    private final InstantSource clock;
    private final Function<String, TopicLog> require;

    /**
     * @param maxLimit the largest record limit of one read
     * @param clock the engine clock
     * @param require the live instance of a name, after the engine's checks (throws topic_not_found)
     */
    EngineReads(int maxLimit, InstantSource clock, Function<String, TopicLog> require) {
        this.maxLimit = maxLimit;
        this.clock = clock;
        this.require = require;
    }

    DiffResult diff(String topic, DiffRequest request) {
        List<TopicRecord> records = new ArrayList<>(limit(request));
        DiffResult r = diff(topic, request, v -> records.add(TopicRecord.copyOf(v)));
        return new DiffResult(records, r.delivered(), r.nextFromSeq(), r.headSeq(), r.earliestSeq(), r.tombstone(),
                r.recordsScanned());
    }

    DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        return require.apply(topic).read(request, limit(request), sink, clock.millis(), true);
    }

    ExportCursor export(String topic, DiffRequest request, long toSeq) {
        return new ExportPager(require.apply(topic), request, limit(request), toSeq, clock);
    }

    CompletableFuture<Long> awaitHead(String topic, long afterSeq) {
        return HeadWait.start(require.apply(topic), afterSeq);
    }

    CompletableFuture<DiffResult> diffAwait(String topic, DiffRequest request, long waitMs, RecordSink sink,
                                            Executor executor) {
        return Futures.call(() -> {
            TopicLog t = require.apply(topic);
            long deadline = waitMs <= 0 ? Long.MIN_VALUE : clock.millis() + waitMs;
            return WaitingRead.start(t, request, limit(request), sink, deadline, clock, executor);
        });
    }

    private int limit(DiffRequest request) {
        return Math.min(request.limit(), maxLimit);
    }
}
