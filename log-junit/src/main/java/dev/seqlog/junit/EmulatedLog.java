package dev.seqlog.junit;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.Touch;
import dev.seqlog.api.WalStats;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The {@link EventLog} a test holds: it forwards every call to the emulator's current engine (embedded) or
 * client (server), so the same reference keeps working across {@link SeqlogEmulator#crash} and
 * {@link SeqlogEmulator#reset}, and routes watches through the {@link SubscriberGate}. Closing it does nothing:
 * the emulator owns what it forwards to. Thread-safe.
 */
final class EmulatedLog implements EventLog {
    private final Supplier<EventLog> current;
    private final SubscriberGate gate;

    EmulatedLog(Supplier<EventLog> current, SubscriberGate gate) {
        this.current = current;
        this.gate = gate;
    }

    private EventLog log() {
        return current.get();
    }

    @Override
    public CompletableFuture<ConfigureResult> configureAsync(String topic, TopicConfig config) {
        return log().configureAsync(topic, config);
    }

    @Override
    public TopicState state(String topic, Touch touch) {
        return log().state(topic, touch);
    }

    @Override
    public TopicPage list(ListRequest request) {
        return log().list(request);
    }

    @Override
    public CompletableFuture<TopicDeletion> deleteTopicAsync(String topic, DeleteIf condition) {
        return log().deleteTopicAsync(topic, condition);
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request) {
        return log().appendAsync(topic, request);
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request, CreateCheck check) {
        return log().appendAsync(topic, request, check);
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request) {
        return log().diff(topic, request);
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        return log().diff(topic, request, sink);
    }

    @Override
    public ExportCursor export(String topic, DiffRequest request, long toSeq) {
        return log().export(topic, request, toSeq);
    }

    @Override
    public CompletableFuture<Long> awaitHead(String topic, long afterSeq) {
        return log().awaitHead(topic, afterSeq);
    }

    @Override
    public CompletableFuture<DiffResult> diffAwait(String topic, DiffRequest request, long waitMs, RecordSink sink,
                                                   Executor executor) {
        return log().diffAwait(topic, request, waitMs, sink, executor);
    }

    @Override
    public WatchPublisher watch(WatchRequest request) {
        return gate.wrap(log().watch(request));
    }

    @Override
    public CompletableFuture<ClaimResult> claimAsync(String topic, ClaimRequest request) {
        return log().claimAsync(topic, request);
    }

    @Override
    public CompletableFuture<LeaseResult> ackAsync(String topic, LeaseRequest request) {
        return log().ackAsync(topic, request);
    }

    @Override
    public CompletableFuture<LeaseResult> nackAsync(String topic, LeaseRequest request, long delayMs) {
        return log().nackAsync(topic, request, delayMs);
    }

    @Override
    public CompletableFuture<LeaseResult> extendAsync(String topic, LeaseRequest request, long leaseMs) {
        return log().extendAsync(topic, request, leaseMs);
    }

    @Override
    public WorkPublisher work(String topic, WorkRequest request) {
        return log().work(topic, request);
    }

    @Override
    public CompletableFuture<DeleteResult> deleteAsync(String topic, DeleteRequest request) {
        return log().deleteAsync(topic, request);
    }

    @Override
    public CompletableFuture<RouterPut> putRouterAsync(String router, RouterSpec spec) {
        return log().putRouterAsync(router, spec);
    }

    @Override
    public RouterInfo router(String router) {
        return log().router(router);
    }

    @Override
    public RouterPage routers(RouterListRequest request) {
        return log().routers(request);
    }

    @Override
    public CompletableFuture<RouterDeletion> deleteRouterAsync(String router) {
        return log().deleteRouterAsync(router);
    }

    @Override
    public boolean isReady() {
        return log().isReady();
    }

    @Override
    public void awaitReady() {
        log().awaitReady();
    }

    @Override
    public WalStats walStats() {
        return log().walStats();
    }

    @Override
    public double recoveryProgress() {
        return log().recoveryProgress();
    }

    /** Does nothing: the emulator closes what this forwards to. */
    @Override
    public void close() {
        // owned by the emulator
    }

    @Override
    public String toString() {
        return "EmulatedLog[" + log() + "]";
    }
}
