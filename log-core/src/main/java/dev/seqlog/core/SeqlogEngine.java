package dev.seqlog.core;

import dev.seqlog.core.internal.lifecycle.CheckpointScheduler;
import dev.seqlog.core.internal.lifecycle.ShardedJournal;
import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.Names;
import dev.seqlog.api.Record;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.core.internal.segment.BufferPool;
import dev.seqlog.core.internal.topic.EncodedBatch;
import dev.seqlog.core.internal.topic.Journal;
import dev.seqlog.core.internal.topic.ListCursor;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.checkpoint.SegmentFiles;
import dev.seqlog.core.internal.recovery.Recovery;
import dev.seqlog.core.internal.storage.SegmentDirectory;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.internal.storage.WalCut;
import dev.seqlog.core.internal.storage.CorruptionException;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.internal.storage.WalDirectory;
import dev.seqlog.core.internal.storage.WalFile;
import dev.seqlog.core.internal.storage.WalShard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seqlog engine: a registry of topic instances behind {@link EventLog}. With no data directory it is
 * the purely in-memory engine that the test emulator runs. With one, it holds the directory's exclusive
 * lock, recovers from the WAL, and logs every operation to the WAL shards per the topic's durability
 * class.
 *
 * <p>Thread-safe. Topic creation and deletion are serialised by one control lock; appends and reads of
 * different topics never contend.
 */
public final class SeqlogEngine implements EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(SeqlogEngine.class);
    static final String LOCK_FILE = "LOCK";
    static final String WAL_DIR = "wal";
    static final String SEGMENTS_DIR = "segments";
    static final String SNAPSHOTS_DIR = "snapshots";

    private final EngineOptions options;
    private final Journal journal;
    private final ShardedJournal wal;
    private final CountDownLatch recovered = new CountDownLatch(1);
    private Closeable dirLock;
    private ExecutorService preallocator;
    private Thread recoveryThread;
    private volatile boolean ready;
    private volatile double recoveryProgress;
    private volatile Throwable recoveryFailure;
    private final ConcurrentSkipListMap<String, TopicLog> topics = new ConcurrentSkipListMap<>();
    private final Object controlLock = new Object();
    private final AtomicLong nextEpoch = new AtomicLong(1);
    private final LiveBytes liveBytes;
    private final BufferPool pool = new BufferPool(64L << 20);
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;
    private volatile Checkpointer checkpointer;
    private CheckpointScheduler scheduler;

    private SeqlogEngine(EngineOptions options) {
        this.options = options;
        this.liveBytes = new LiveBytes(options.limits().maxTotalBytes());
        this.wal = options.dataDir() == null ? null : new ShardedJournal();
        this.journal = wal == null ? Journal.NONE : wal;
        if (options.backgroundExpiry()) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seqlog-ttl-sweeper");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleWithFixedDelay(this::sweepExpired, 1, 1, TimeUnit.SECONDS);
        } else {
            sweeper = null;
        }
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
     * {@code not_ready} until {@link #isReady()}. This is how the server starts, so that it can answer
     * health probes while it recovers.
     *
     * @param options the validated options
     * @return the engine, recovering
     * @throws SeqlogException internal if the data directory is locked or cannot be opened
     */
    public static SeqlogEngine start(EngineOptions options) {
        SeqlogEngine e = new SeqlogEngine(options);
        if (options.dataDir() == null) {
            e.ready = true;
            e.recoveryProgress = 1.0;
            e.recovered.countDown();
            return e;
        }
        try {
            e.lockDataDir();
        } catch (IOException | RuntimeException failure) {
            e.close();
            throw storageFailure("cannot open data directory " + options.dataDir(), failure);
        }
        e.recoveryThread = new Thread(e::recover, "seqlog-recovery");
        e.recoveryThread.setDaemon(true);
        e.recoveryThread.start();
        return e;
    }

    private void lockDataDir() throws IOException {
        FileSystem fs = options.fileSystem();
        Path dir = options.dataDir();
        if (!fs.exists(dir)) {
            fs.createDirectories(dir);
        }
        dirLock = fs.lock(dir.resolve(LOCK_FILE));
        Path cold = options.coldDir();
        if (cold != null && !fs.exists(cold)) {
            throw new IOException("the cold-tier directory does not exist: " + cold
                    + " (create it, or mount its volume, before starting)");
        }
    }

    private void recover() {
        List<CompletableFuture<WalFile>> firstFiles = new ArrayList<>();
        try {
            FileSystem fs = options.fileSystem();
            // two spares per shard: about what one checkpoint retires, so new files are recycled, not zero-filled
            WalDirectory walDir = new WalDirectory(fs, options.dataDir().resolve(WAL_DIR), 2 * options.walShards());
            List<WalDirectory.Entry> files = walDir.list();
            SnapshotFile snapshots = new SnapshotFile(fs, options.dataDir().resolve(SNAPSHOTS_DIR));
            Recovery.Start start = Recovery.chooseSnapshot(snapshots);
            // a boot number above every WAL file's and above what the snapshot's cut covers, even with the
            // WAL files gone: new files must never look covered
            long boot = Math.max(files.stream().mapToLong(e -> e.header.boot()).max().orElse(0),
                    start.coveredBootsBelow()) + 1;
            preallocator = Executors.newSingleThreadExecutor(t -> {
                Thread th = new Thread(t, "seqlog-wal-prealloc");
                th.setDaemon(true);
                return th;
            });
            WalShard.Settings settings = new WalShard.Settings(options.walFileBytes(), options.walFlushIntervalMs(),
                    options.backgroundPreallocation() ? preallocator : Runnable::run, Runnable::run);
            // the new shards' first files depend only on the boot number: prepare them while replaying
            for (int i = 0; i < options.walShards(); i++) {
                int shard = i;
                CompletableFuture<WalFile> f = new CompletableFuture<>();
                settings.preallocator().execute(() -> {
                    try {
                        f.complete(WalShard.createFirstFile(shard, boot, walDir, settings));
                    } catch (Throwable e) { // whatever happens, the future completes: recovery joins it
                        f.completeExceptionally(e);
                    }
                });
                firstFiles.add(f);
            }
            SegmentDirectory cold = options.coldDir() == null ? null : SegmentDirectory.existing(fs, options.coldDir());
            SegmentFiles segments = new SegmentFiles(new SegmentDirectory(fs, options.dataDir().resolve(SEGMENTS_DIR)),
                    cold, pool);
            Recovery.Result r = Recovery.run(start, walDir, files, segments, this::newTopic,
                    p -> recoveryProgress = Math.min(p, 0.99));
            checkpointer = new Checkpointer(snapshots, segments, walDir, pool, options.walFileBytes(),
                    options.hotRetainSegments(), options.hotRetainBytes(), r.checkpoints);
            for (TopicLog t : r.topics.values()) {
                topics.put(t.name(), t);
            }
            nextEpoch.set(r.maxTopicId + 1);
            WalShard[] shards = new WalShard[options.walShards()];
            for (int i = 0; i < shards.length; i++) {
                shards[i] = new WalShard(i, boot, walDir, settings, wal::failed, join(firstFiles.get(i)));
            }
            wal.start(shards);
            scheduler = new CheckpointScheduler(wal::submittedBytes, options.clock(), options.checkpointWalBytes(),
                    options.checkpointIntervalMs(), () -> runCheckpoint(false),
                    () -> closed || wal.isReadOnly(), options.backgroundCheckpoints());
            scheduler.start();
            recoveryProgress = 1.0;
            ready = true;
        } catch (IOException | RuntimeException | Error e) {
            recoveryFailure = e;
            LOG.error("recovery failed: dataDir={}", options.dataDir(), e);
            for (CompletableFuture<WalFile> f : firstFiles) {
                f.thenAccept(SeqlogEngine::closeUnused);
            }
        } finally {
            recovered.countDown();
        }
    }

    private static void closeUnused(WalFile f) {
        try {
            f.close();
        } catch (IOException e) {
            LOG.warn("could not close an unused WAL file", e);
        }
    }

    private static WalFile join(CompletableFuture<WalFile> f) throws IOException {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw e;
        }
    }

    /**
     * Waits for recovery to end.
     *
     * @throws SeqlogException internal if recovery failed
     */
    public void awaitReady() {
        try {
            recovered.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeqlogException(ErrorCode.NOT_READY, "interrupted while waiting for recovery");
        }
        if (recoveryFailure != null) {
            throw storageFailure("recovery failed for " + options.dataDir(), recoveryFailure);
        }
    }

    @Override
    public double recoveryProgress() {
        return recoveryProgress;
    }

    /** @return the failure that stopped recovery, or null */
    public Throwable recoveryFailure() {
        return recoveryFailure;
    }

    /** @return whether a storage failure has put the store into read-only mode */
    public boolean isReadOnly() {
        return wal != null && wal.isReadOnly();
    }

    /** @return the WAL shards (empty for the in-memory engine) */
    public List<WalShard> walShards() {
        return wal == null ? List.of() : List.of(wal.shards());
    }

    /** @return WAL counters summed over the shards, for metrics */
    public WalStats walStats() {
        long frames = 0;
        long batches = 0;
        long fsyncs = 0;
        long bytes = 0;
        long rotations = 0;
        long depth = 0;
        for (WalShard s : walShards()) {
            frames += s.framesWritten();
            batches += s.batchesWritten();
            fsyncs += s.syncCount();
            bytes += s.bytesWritten();
            rotations += s.rotationCount();
            depth += s.queueDepth();
        }
        return new WalStats(frames, batches, fsyncs, bytes, rotations, depth, isReadOnly());
    }

    private static SeqlogException storageFailure(String message, Throwable cause) {
        String reason = cause instanceof CorruptionException ? "data_corruption" : "storage_error";
        return new SeqlogException(ErrorCode.INTERNAL, message + ": " + cause.getMessage(), cause)
                .with("reason", reason);
    }

    private TopicLog newTopic(String name, long id, TopicConfig config) {
        return new TopicLog(name, id, config, new TopicLog.StoreSettings(pool, options.segmentMaxRecords(),
                options.segmentMaxBytes(), options.segmentMaxAgeMs()), liveBytes, journal);
    }

    /** @return an in-memory engine with default options */
    public static SeqlogEngine inMemory() {
        return open(EngineOptions.builder().build());
    }

    /** @return the options this engine runs with */
    public EngineOptions options() {
        return options;
    }

    /** @return accounted bytes of live records over all topics */
    public long liveBytes() {
        return liveBytes.get();
    }

    /** @return the number of topics */
    public int topicCount() {
        return topics.size();
    }

    private long now() {
        return options.clock().millis();
    }

    // ------------------------------------------------------------------------------------ control plane

    @Override
    public ConfigureResult configure(String topic, TopicConfig config) {
        Names.requireTopic(topic);
        checkDeadLetter(topic, config);
        checkOpen();
        synchronized (controlLock) {
            TopicLog t = topics.get(topic);
            if (t == null) {
                create(topic, config);
                return new ConfigureResult(topic, true, config);
            }
            TopicConfig current = t.config();
            if (config.typeSpecified() && config.type() != current.type()) {
                throw new SeqlogException(ErrorCode.TOPIC_EXISTS_INCOMPATIBLE,
                        "the type of topic \"" + topic + "\" cannot change").with("field", "type").with("topic", topic);
            }
            TopicConfig resolved = config.withTypeIfUnspecified(current.type());
            if (!resolved.equals(current)) {
                long ticket = t.reconfigure(resolved, now());
                if (ticket > 0) {
                    journal.awaitDurable(t.epoch(), ticket);
                }
            }
            return new ConfigureResult(topic, false, resolved);
        }
    }

    private static void checkDeadLetter(String topic, TopicConfig config) {
        if (topic.equals(config.deadLetter())) {
            throw SeqlogException.invalid("dead_letter", "dead_letter must differ from the topic itself")
                    .with("topic", topic);
        }
    }

    /** Creates a topic instance; the caller holds the control lock and checked that the name is free. */
    private TopicLog create(String topic, TopicConfig config) {
        long max = options.limits().maxTopics();
        if (max > 0 && topics.size() >= max) {
            throw new SeqlogException(ErrorCode.THROTTLED, "the topic limit is reached")
                    .with("limit", "max_topics").with("max", max);
        }
        journal.checkWritable();
        TopicLog t = newTopic(topic, nextEpoch.getAndIncrement(), config);
        long ticket = t.logCreate();
        topics.put(topic, t);
        journal.awaitDurable(t.epoch(), ticket);
        return t;
    }

    @Override
    public TopicState state(String topic, boolean touch) {
        return require(topic).state(now(), touch);
    }

    @Override
    public TopicPage list(ListRequest request) {
        checkOpen();
        String after = request.cursor() == null ? null : ListCursor.decode(request.cursor());
        String prefix = request.prefix() == null ? "" : request.prefix();
        Map<String, TopicLog> view = after != null && after.compareTo(prefix) >= 0
                ? topics.tailMap(after, false) : topics.tailMap(prefix, true);
        long now = now();
        List<TopicState> page = new ArrayList<>();
        String next = null;
        for (Map.Entry<String, TopicLog> e : view.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (page.size() == request.pageSize()) {
                next = ListCursor.encode(page.get(page.size() - 1).topic());
                break;
            }
            try {
                page.add(e.getValue().state(now, request.touch()));
            } catch (SeqlogException gone) {
                // deleted between the map walk and the state read: a concurrent change, skip it
            }
        }
        return new TopicPage(page, next);
    }

    @Override
    public TopicDeletion deleteTopic(String topic, boolean ifEmpty) {
        Names.requireTopic(topic);
        checkOpen();
        synchronized (controlLock) {
            TopicLog t = topics.get(topic);
            if (t == null) {
                return new TopicDeletion(topic, false, List.of());
            }
            long ticket = t.end(ifEmpty, now(), true);
            topics.remove(topic, t);
            journal.awaitDurable(t.epoch(), ticket);
            return new TopicDeletion(topic, true, List.of());
        }
    }

    // --------------------------------------------------------------------------------------- data plane

    @Override
    public AppendResult append(String topic, AppendRequest request) {
        Names.requireTopic(topic);
        EncodedBatch batch = EncodedBatch.encode(request, options.limits());
        checkOpen();
        long started = System.nanoTime();
        while (true) {
            boolean created = false;
            TopicLog t = topics.get(topic);
            if (t == null) {
                if (!mayCreate(request)) {
                    throw SeqlogException.topicNotFound(topic);
                }
                TopicConfig config = request.config() == null ? TopicConfig.defaults() : request.config();
                checkDeadLetter(topic, config);
                synchronized (controlLock) {
                    t = topics.get(topic);
                    if (t == null) {
                        t = create(topic, config);
                        created = true;
                    }
                }
            }
            if (scheduler != null) {
                scheduler.admit();
            }
            TopicLog.Appended a = t.append(batch, now());
            if (a != null) {
                long appended = System.nanoTime();
                long head = a.head;
                if (a.gate != 0) {
                    try {
                        journal.awaitDurable(t.epoch(), a.gate);
                    } catch (SeqlogException e) {
                        t.forgetKey(request.idempotencyKey());
                        throw e;
                    }
                    t.publish(a.gate);
                    head = Math.max(head, a.lastSeq);
                }
                return new AppendResult(topic, a.firstSeq, a.lastSeq, head, batch.size(), created, a.deduped,
                        appended - started, System.nanoTime() - appended);
            }
            // the instance was deleted between lookup and append: the write goes to whatever exists now
        }
    }

    private static boolean mayCreate(AppendRequest r) {
        if (r.create() != null) {
            return r.create();
        }
        return r.config() == null || r.config().autoCreate();
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request) {
        try {
            return CompletableFuture.completedFuture(append(topic, request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request) {
        List<Record> records = new ArrayList<>(Math.min(request.limit(), options.limits().maxLimit()));
        DiffResult r = diff(topic, request, v -> records.add(Record.copyOf(v)));
        return new DiffResult(records, r.delivered(), r.nextFromSeq(), r.headSeq(), r.earliestSeq(), r.tombstone(),
                r.recordsScanned());
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        int limit = Math.min(request.limit(), options.limits().maxLimit());
        return require(topic).read(request, limit, sink, now(), true);
    }

    @Override
    public DiffResult export(String topic, DiffRequest request, RecordSink sink) {
        int limit = Math.min(request.limit(), options.limits().maxLimit());
        return require(topic).read(request, limit, sink, now(), false);
    }

    @Override
    public CompletableFuture<Long> awaitHead(String topic, long afterSeq) {
        return require(topic).awaitHead(afterSeq);
    }

    @Override
    public DeleteResult delete(String topic, DeleteRequest request) {
        long started = System.nanoTime();
        TopicLog t = require(topic);
        TopicLog.Deleted d = t.delete(request, now());
        long logged = System.nanoTime();
        if (d.ticket != 0) {
            journal.awaitDurable(t.epoch(), d.ticket);
        }
        return new DeleteResult(topic, d.deleted, d.earliest, d.head, d.count, d.bytes, logged - started,
                System.nanoTime() - logged);
    }

    @Override
    public boolean isReady() {
        return ready && !closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (recoveryThread != null) {
            try {
                recoveryThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (scheduler != null) {
            scheduler.close();
        }
        try {
            synchronized (controlLock) {
                if (wal != null && ready) {
                    closeWal();
                    if (!wal.isReadOnly()) {
                        finalCheckpoint();
                    }
                }
            }
        } finally {
            synchronized (controlLock) {
                for (TopicLog t : topics.values()) {
                    t.end(false, now(), false);
                }
                topics.clear();
            }
            if (preallocator != null) {
                preallocator.shutdownNow();
            }
            if (dirLock != null) {
                try {
                    dirLock.close();
                } catch (IOException e) {
                    LOG.warn("could not release the data directory lock: dir={}", options.dataDir(), e);
                }
            }
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
        if (wal == null) {
            throw SeqlogException.invalid("checkpoint", "the in-memory engine has nothing to checkpoint");
        }
        wal.checkWritable();
        return runCheckpoint(false);
    }

    private Checkpointer.Stats runCheckpoint(boolean finalPass) {
        long now = now();
        long walBytes = wal.submittedBytes();
        try {
            Checkpointer.Stats stats = checkpointer.run(checkpointSource(finalPass), now, finalPass);
            scheduler.completed(walBytes, now);
            return stats;
        } catch (IOException e) {
            wal.failed(e);
            LOG.error("checkpoint failed; the store is now read-only: dataDir={}", options.dataDir(), e);
            throw storageFailure("checkpoint failed", e);
        }
    }

    private Checkpointer.Source checkpointSource(boolean finalPass) {
        return new Checkpointer.Source() {
            @Override
            public WalCut cut() {
                WalShard[] shards = wal.shards();
                long boot = shards[0].boot();
                if (finalPass) {
                    return new WalCut(boot + 1, new long[0], new long[0]); // the WAL is closed: all covered
                }
                long[] gens = new long[shards.length];
                long[] offsets = new long[shards.length];
                for (int i = 0; i < shards.length; i++) {
                    long[] at = shards[i].writtenPosition();
                    gens[i] = at[0];
                    offsets[i] = at[1];
                }
                return new WalCut(boot, gens, offsets);
            }

            @Override
            public Collection<TopicLog> topics() {
                return topics.values();
            }

            @Override
            public long maxTopicId() {
                return nextEpoch.get() - 1;
            }

            @Override
            public void flushWal() throws IOException {
                if (!finalPass) {
                    for (WalShard s : wal.shards()) {
                        s.flush();
                    }
                }
            }
        };
    }

    private void finalCheckpoint() {
        try {
            runCheckpoint(true);
        } catch (RuntimeException e) {
            // logged by runCheckpoint; the WAL still holds everything
        }
    }

    /** Logs every topic's exact head (no restart loss after a clean stop), then drains and flushes each shard. */
    private void closeWal() {
        if (!wal.isReadOnly()) {
            for (TopicLog t : topics.values()) {
                try {
                    t.logExactHead();
                } catch (SeqlogException e) {
                    break; // read-only meanwhile: the shard close below reports it
                }
            }
        }
        for (WalShard s : wal.shards()) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.warn("WAL shard did not close cleanly: shard={}", s.index(), e);
            }
        }
    }

    /**
     * The live topic instance of {@code topic}, for sibling components (server, routers).
     *
     * @param topic the name
     * @return the instance
     * @throws SeqlogException invalid_request for a bad name, topic_not_found if absent
     */
    public TopicLog require(String topic) {
        Names.requireTopic(topic);
        checkOpen();
        TopicLog t = topics.get(topic);
        if (t == null) {
            throw SeqlogException.topicNotFound(topic);
        }
        return t;
    }

    private void checkOpen() {
        if (closed) {
            throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "the engine is closed");
        }
        if (!ready) {
            if (recoveryFailure != null) {
                throw storageFailure("recovery failed", recoveryFailure);
            }
            throw new SeqlogException(ErrorCode.NOT_READY, "recovery in progress")
                    .with("replay_progress", recoveryProgress);
        }
    }

    private void sweepExpired() {
        long now = now();
        for (TopicLog t : topics.values()) {
            t.expireNow(now);
        }
    }

    /** Live bytes over all topics against the optional quota. Thread-safe (lock-free). */
    private static final class LiveBytes implements TopicLog.Accounting {
        private final AtomicLong total = new AtomicLong();
        private final long max;

        LiveBytes(long max) {
            this.max = max;
        }

        long get() {
            return total.get();
        }

        @Override
        public boolean reserve(long bytes) {
            if (max <= 0) {
                total.addAndGet(bytes);
                return true;
            }
            while (true) {
                long cur = total.get();
                if (cur + bytes > max) {
                    return false;
                }
                if (total.compareAndSet(cur, cur + bytes)) {
                    return true;
                }
            }
        }

        @Override
        public void release(long bytes) {
            total.addAndGet(-bytes);
        }

        @Override
        public void admitReplayed(long bytes) {
            total.addAndGet(bytes);
        }
    }
}
