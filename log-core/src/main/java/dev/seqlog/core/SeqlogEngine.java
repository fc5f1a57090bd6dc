package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;

import java.util.concurrent.CompletableFuture;

/** Placeholder while the engine lands. */
public final class SeqlogEngine implements EventLog {
    private SeqlogEngine(EngineOptions options) {
    }

    /**
     * Opens an engine.
     *
     * @param options options
     * @return the engine
     */
    public static SeqlogEngine open(EngineOptions options) {
        return new SeqlogEngine(options);
    }

    /** @return an in-memory engine with default options */
    public static SeqlogEngine inMemory() {
        return open(EngineOptions.builder().build());
    }

    @Override public ConfigureResult configure(String topic, TopicConfig config) { throw new UnsupportedOperationException(); }
    @Override public TopicState state(String topic, boolean touch) { throw new UnsupportedOperationException(); }
    @Override public TopicPage list(ListRequest request) { throw new UnsupportedOperationException(); }
    @Override public TopicDeletion deleteTopic(String topic, boolean ifEmpty) { throw new UnsupportedOperationException(); }
    @Override public AppendResult append(String topic, AppendRequest request) { throw new UnsupportedOperationException(); }
    @Override public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request) { throw new UnsupportedOperationException(); }
    @Override public DiffResult diff(String topic, DiffRequest request) { throw new UnsupportedOperationException(); }
    @Override public DiffResult diff(String topic, DiffRequest request, RecordSink sink) { throw new UnsupportedOperationException(); }
    @Override public CompletableFuture<Long> awaitHead(String topic, long afterSeq) { throw new UnsupportedOperationException(); }
    @Override public DeleteResult delete(String topic, DeleteRequest request) { throw new UnsupportedOperationException(); }
    @Override public boolean isReady() { return true; }
    @Override public void close() { }
}
