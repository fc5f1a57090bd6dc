package dev.seqlog.core;

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
import dev.seqlog.api.Names;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
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
import dev.seqlog.core.backup.Backup;
import dev.seqlog.core.backup.Backups;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.lifecycle.DurableStore;
import dev.seqlog.core.internal.lifecycle.EnginePools;
import dev.seqlog.core.internal.notify.Deadlines;
import dev.seqlog.core.internal.segment.BufferPool;
import dev.seqlog.core.internal.storage.WalShard;
import dev.seqlog.core.internal.topic.Journal;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.topic.TopicRegistry;
import dev.seqlog.core.queues.LeaseIds;
import dev.seqlog.core.queues.QueueContext;
import dev.seqlog.core.queues.Queues;
import dev.seqlog.core.routers.RouterContext;
import dev.seqlog.core.routers.Routers;
import dev.seqlog.core.watch.BoundWatch;
import dev.seqlog.core.watch.WatchContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The seqlog engine: {@link EventLog} over a registry of topic instances. With no data directory it is
 * the purely in-memory engine that the test emulator runs. With one, it holds the directory's exclusive
 * lock, recovers from the snapshot and the WAL, and logs every operation per the topic's durability class
 * through its durable store.
 *
 * <p>Thread-safe. {@link #close()} returns only after every engine thread has stopped.
 */
public final class SeqlogEngine implements EventLog {

    private final EngineOptions options;
    private final DurableStore store;
    private final TopicRegistry registry;
    private final Deadlines deadlines;
    private final EngineStatus status = new EngineStatus();
    private final BufferPool pool = new BufferPool(64L << 20);
    private final ScheduledExecutorService sweeper;
    private final EnginePools pools = new EnginePools();
    private final WatchContext watchContext;
    private final Queues queues;
    private final LeaseIds loggedLeaseIds;
    private final EngineWrites writes;
    private final EngineReads reads;
    private final Routers routers;
    private final Backups backups;
    private EngineRecovery recovery;

    private SeqlogEngine(EngineOptions options, DurableStore store) {
        this.options = options;
        this.store = store;
        this.deadlines = new Deadlines(options.clock());
        this.loggedLeaseIds = options.externalLog() ? LeaseIds.fromLog() : null;
        Journal journal = store == null ? Journal.NONE : store.journal();
        this.queues = new Queues(new QueueContext(options.clock(), deadlines, pools.deliveries(), options.limits(),
                options.maxClaim(), status::closed, (t, r, stamps) -> writes().appendCopy(t, r, stamps),
                loggedLeaseIds));
        this.registry = new TopicRegistry(new TopicLog.StoreSettings(pool, options.segmentMaxRecords(),
                options.segmentMaxBytes(), options.segmentMaxAgeMs()), journal, deadlines,
                options.limits().maxTopics(), options.limits().maxTotalBytes(), queues.factory());
        this.writes = new EngineWrites(options.limits(), store, registry, options.clock(), this::checkOpen);
        this.reads = new EngineReads(options.limits().maxLimit(), options.clock(), this::require);
        this.routers = new Routers(new RouterContext(options.clock(), deadlines, pools.routes(), registry, journal,
                () -> store == null ? Journal.DURABLE : store.admission(), options.maxRouters(), this::checkOpen,
                options.externalLog()));
        this.backups = new Backups(options.clock());
        this.watchContext = new WatchContext(registry::get, pools.deliveries(), options.clock(),
                options.limits().maxLimit(), status::closed);
        this.sweeper = options.backgroundExpiry()
                ? EnginePools.startExpirySweep(() -> registry.expireAll(now())) : null;
    }

    /**
     * Opens an engine and waits until recovery has finished.
     *
     * @param options the validated options
     * @return the ready engine
     * @throws SeqlogException internal if the data directory is locked, corrupt, of an unsupported format,
     *         or cannot be read
     */
    public static SeqlogEngine open(EngineOptions options) {
        SeqlogEngine e = start(options);
        try {
            e.awaitReady();
        } catch (RuntimeException failure) {
            e.close();
            throw failure;
        }
        return e;
    }

    /**
     * Takes the data directory's lock and starts recovery in the background; data calls answer
     * {@code not_ready} until {@link #isReady()}.
     *
     * @param options the validated options
     * @return the engine, recovering
     * @throws SeqlogException internal if the data directory is locked or cannot be opened
     */
    public static SeqlogEngine start(EngineOptions options) {
        return start(options, e -> { });
    }

    /**
     * As {@link #start(EngineOptions)}, running {@code beforeRecovery} once the lock is held and before
     * recovery begins. The server binds its listener there, so a busy port is reported before a long
     * recovery (API §13.3). If the step throws, the engine is closed (releasing the lock) and the
     * exception propagates.
     *
     * @param options the validated options
     * @param beforeRecovery the step between taking the lock and recovering
     * @return the engine, recovering
     * @throws SeqlogException internal if the data directory is locked or cannot be opened
     */
    public static SeqlogEngine start(EngineOptions options, Consumer<? super SeqlogEngine> beforeRecovery) {
        SeqlogEngine e = new SeqlogEngine(options, options.dataDir() == null ? null : DurableStore.lock(options));
        try {
            beforeRecovery.accept(e);
        } catch (RuntimeException | Error failure) {
            e.close();
            throw failure;
        }
        if (options.dataDir() == null) {
            e.routers.start();
            e.status.recovered();
            return e;
        }
        e.recovery = EngineRecovery.start(e.store, options, e.registry, e.pool, e.status, e.routers);
        return e;
    }

    /** @return an in-memory engine with default options */
    public static SeqlogEngine inMemory() {
        return open(EngineOptions.builder().build());
    }

    @Override
    public void awaitReady() {
        status.awaitRecovered(options.dataDir());
    }

    @Override
    public double recoveryProgress() {
        return status.progress();
    }

    /** @return the failure that stopped recovery, or null */
    public Throwable recoveryFailure() {
        return status.failure();
    }

    /** @return whether a storage failure has put the store into read-only mode */
    public boolean isReadOnly() {
        return store != null && store.isReadOnly();
    }

    @Override
    public WalStats walStats() {
        return store == null || !status.ready() ? WalStats.NONE : store.walStats();
    }

    /**
     * The object-store tier's counters: uploads, tier lag, cache hits and misses, collection.
     *
     * @return a reading, or null without an object store (or before recovery finished)
     */
    public dev.seqlog.core.internal.tier.TierStats.Snapshot tierStats() {
        return store == null || !status.ready() ? null : store.tierStats();
    }

    /** @return the options this engine runs with */
    public EngineOptions options() {
        return options;
    }

    /** @return accounted bytes of live records over all topics */
    public long liveBytes() {
        return registry.liveBytes();
    }

    /** @return the number of topics */
    public int topicCount() {
        return registry.size();
    }

    /** The write paths; read through a method because the queues that append through them are built first. */
    private EngineWrites writes() {
        return writes;
    }

    private long now() {
        return options.clock().millis();
    }

    // ------------------------------------------------------------------------------------ control plane

    @Override
    public CompletableFuture<ConfigureResult> configureAsync(String topic, TopicConfig config) {
        try {
            Names.requireTopic(topic);
            checkOpen();
            return registry.configure(topic, config, now());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public TopicState state(String topic, Touch touch) {
        return require(topic).state(now(), touch == Touch.READ);
    }

    @Override
    public TopicPage list(ListRequest request) {
        checkOpen();
        return registry.list(request, now());
    }

    @Override
    public CompletableFuture<TopicDeletion> deleteTopicAsync(String topic, DeleteIf condition) {
        try {
            Names.requireTopic(topic);
            checkOpen();
            TopicLog t = registry.get(topic);
            return registry.delete(topic, condition == DeleteIf.EMPTY, now()).thenCompose(d -> !d.deleted() ? CompletableFuture.completedFuture(d)
                    : routers.topicDeleted(topic, t.epoch()).thenApply(r -> new TopicDeletion(topic, true, r)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // --------------------------------------------------------------------------------------- data plane

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request) {
        return appendAsync(topic, request, CreateCheck.ALLOW);
    }

    /**
     * Appends without blocking the caller: the future completes once the write's class condition holds
     * (the group flush for {@code fsync}, a durable seq reservation for {@code disk}), on an engine thread;
     * a writer held back by checkpoint backpressure waits on a future too, not on a thread.
     */
    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request, CreateCheck check) {
        return writes.append(topic, request, check);
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request) {
        return reads.diff(topic, request);
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        return reads.diff(topic, request, sink);
    }

    @Override
    public ExportCursor export(String topic, DiffRequest request, long toSeq) {
        return reads.export(topic, request, toSeq);
    }

    @Override
    public CompletableFuture<Long> awaitHead(String topic, long afterSeq) {
        return reads.awaitHead(topic, afterSeq);
    }

    /** Long-poll with the reads after a wake on the engine's own reader threads. */
    public CompletableFuture<DiffResult> diffAwait(String topic, DiffRequest request, long waitMs, RecordSink sink) {
        return reads.diffAwait(topic, request, waitMs, sink, pools.readers());
    }

    @Override
    public CompletableFuture<DiffResult> diffAwait(String topic, DiffRequest request, long waitMs, RecordSink sink,
                                                   Executor executor) {
        return reads.diffAwait(topic, request, waitMs, sink, executor);
    }

    @Override
    public WatchPublisher watch(WatchRequest request) {
        checkOpen();
        return BoundWatch.bind(watchContext, request);
    }

    // ------------------------------------------------------------------------------------------- queues

    @Override
    public CompletableFuture<ClaimResult> claimAsync(String topic, ClaimRequest request) {
        return Futures.call(() -> queues.claim(require(topic), request));
    }

    @Override
    public CompletableFuture<LeaseResult> ackAsync(String topic, LeaseRequest request) {
        return Futures.call(() -> queues.ack(require(topic), request));
    }

    @Override
    public CompletableFuture<LeaseResult> nackAsync(String topic, LeaseRequest request, long delayMs) {
        return Futures.call(() -> queues.nack(require(topic), request, delayMs));
    }

    @Override
    public CompletableFuture<LeaseResult> extendAsync(String topic, LeaseRequest request, long leaseMs) {
        return Futures.call(() -> queues.extend(require(topic), request, leaseMs));
    }

    @Override
    public WorkPublisher work(String topic, WorkRequest request) {
        return queues.work(require(topic), request);
    }

    // ------------------------------------------------------------------------------------------ routers

    @Override
    public CompletableFuture<RouterPut> putRouterAsync(String router, RouterSpec spec) {
        return Futures.call(() -> routers.put(router, spec));
    }

    @Override
    public RouterInfo router(String router) {
        return routers.get(router);
    }

    @Override
    public RouterPage routers(RouterListRequest request) {
        return routers.list(request);
    }

    @Override
    public CompletableFuture<RouterDeletion> deleteRouterAsync(String router) {
        return Futures.call(() -> routers.delete(router));
    }

    /** @return the number of routers */
    public int routerCount() {
        return routers.size();
    }

    // ------------------------------------------------------------------------------------------- delete

    @Override
    public CompletableFuture<DeleteResult> deleteAsync(String topic, DeleteRequest request) {
        return Futures.call(() -> writes.delete(require(topic), request));
    }

    @Override
    public boolean isReady() {
        return status.ready() && !status.closed();
    }

    /**
     * Stops the engine: background expiry and recovery first, then the durable store in its close order
     * (scheduler, exact heads and WAL, final checkpoint, helper threads, directory lock), then every topic
     * instance (waiting readers are told), the deadline thread and the reader threads. Returns once every
     * engine thread has stopped.
     */
    @Override
    public void close() {
        if (!status.close()) {
            return;
        }
        routers.close();
        if (sweeper != null) {
            sweeper.shutdownNow();
            EnginePools.awaitStop(sweeper, "seqlog-ttl-sweeper");
        }
        if (recovery != null) {
            recovery.join();
        }
        try {
            if (store != null) {
                store.close(status.ready());
            }
        } finally {
            registry.endAll(now());
            deadlines.close();
            pools.close();
        }
    }

    // ------------------------------------------------------------------------------------- checkpoints

    /**
     * Runs a checkpoint now: moves what the WAL holds into segment files and a snapshot, then reclaims
     * WAL and segment files no longer needed (see {@link Checkpointer}).
     *
     * @return what the pass did
     * @throws SeqlogException internal (storage_error) if writing failed, which makes the store read-only;
     *         not_ready / shutting_down as for any call; invalid_request for the in-memory engine
     */
    public Checkpointer.Stats checkpoint() {
        checkOpen();
        if (store == null) {
            throw SeqlogException.invalid("checkpoint", "the in-memory engine has nothing to checkpoint");
        }
        if (options.externalLog()) {
            throw SeqlogException.invalid("checkpoint", "an engine with an external log checkpoints at a log position");
        }
        store.checkWritable();
        return store.checkpoint(false);
    }

    /**
     * Starts a backup (API §16.3): runs a checkpoint and keeps its files as they are until the backup is
     * closed. Writes and reads continue meanwhile.
     *
     * @return the backup, to read and close
     * @throws SeqlogException throttled while another backup runs; internal if the checkpoint failed;
     *         invalid_request for the in-memory engine
     */
    public Backup backup() {
        checkOpen();
        if (store == null) {
            throw SeqlogException.invalid("backup", "the in-memory engine has no data directory to back up");
        }
        if (options.externalLog()) {
            throw SeqlogException.invalid("backup", "an engine with an external log backs up at a log position");
        }
        store.checkWritable();
        return backups.start(store);
    }

    /**
     * @return the checkpoints and backups at log positions of an engine whose operations live in an external log
     * @throws SeqlogException invalid_request for an engine with its own WAL, or the in-memory engine
     */
    public ExternalLog externalLog() {
        if (!options.externalLog()) {
            throw SeqlogException.invalid("externalLog", "this engine logs its own operations");
        }
        return new ExternalLog(store, backups, loggedLeaseIds, routers, new ExternalQueues(queues, this::require),
                this::checkOpen);
    }

    /** @return the WAL shards (empty for the in-memory engine), for tests and benchmarks */
    public List<WalShard> walShards() {
        return store == null ? List.of() : store.shards();
    }

    /** The live instance of {@code topic}, for tests. */
    TopicLog topic(String topic) {
        return require(topic);
    }

    private TopicLog require(String topic) {
        Names.requireTopic(topic);
        checkOpen();
        TopicLog t = registry.get(topic);
        if (t == null) {
            throw SeqlogException.topicNotFound(topic);
        }
        return t;
    }

    private void checkOpen() {
        status.checkOpen();
    }
}
