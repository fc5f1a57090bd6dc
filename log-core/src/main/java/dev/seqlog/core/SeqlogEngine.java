package dev.seqlog.core;

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
import dev.seqlog.core.engine.BufferPool;
import dev.seqlog.core.engine.EncodedBatch;
import dev.seqlog.core.engine.ListCursor;
import dev.seqlog.core.engine.TopicLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seqlog engine: a registry of topic instances behind {@link EventLog}. With no data directory it is
 * the purely in-memory engine that the test emulator runs.
 *
 * <p>Thread-safe. Topic creation and deletion are serialised by one control lock; appends and reads of
 * different topics never contend.
 */
public final class SeqlogEngine implements EventLog {
    private final EngineOptions options;
    private final ConcurrentSkipListMap<String, TopicLog> topics = new ConcurrentSkipListMap<>();
    private final Object controlLock = new Object();
    private final AtomicLong nextEpoch = new AtomicLong(1);
    private final LiveBytes liveBytes;
    private final BufferPool pool = new BufferPool(64L << 20);
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    private SeqlogEngine(EngineOptions options) {
        this.options = options;
        this.liveBytes = new LiveBytes(options.limits().maxTotalBytes());
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
     * Opens an engine.
     *
     * @param options the validated options
     * @return the engine
     */
    public static SeqlogEngine open(EngineOptions options) {
        return new SeqlogEngine(options);
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
                t.reconfigure(resolved, now());
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
        TopicLog t = new TopicLog(topic, nextEpoch.getAndIncrement(), config, pool, options.segmentMaxRecords(),
                options.segmentMaxBytes(), liveBytes);
        topics.put(topic, t);
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
            t.end(ifEmpty, now());
            topics.remove(topic, t);
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
            TopicLog.Appended a = t.append(batch, now());
            if (a != null) {
                return new AppendResult(topic, a.firstSeq, a.lastSeq, a.head, batch.size(), created, a.deduped,
                        System.nanoTime() - started, 0);
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
        List<Record> records = new ArrayList<>();
        DiffResult r = diff(topic, request, v -> records.add(Record.copyOf(v)));
        return new DiffResult(records, r.delivered(), r.nextFromSeq(), r.headSeq(), r.earliestSeq(), r.tombstone(),
                r.recordsScanned());
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        int limit = Math.min(request.limit(), options.limits().maxLimit());
        return require(topic).read(request, limit, sink, now(), true);
    }

    /**
     * Reads like {@link #diff(String, DiffRequest, RecordSink)} without refreshing {@code last_read_ts},
     * as the streaming export does.
     *
     * @param topic the name
     * @param request the read
     * @param sink receives records
     * @return the result
     */
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
        long[] r = require(topic).delete(request, now());
        return new DeleteResult(topic, r[0], r[1], r[2], r[3], r[4], System.nanoTime() - started, 0);
    }

    @Override
    public boolean isReady() {
        return true;
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
        synchronized (controlLock) {
            for (TopicLog t : topics.values()) {
                t.end(false, now());
            }
            topics.clear();
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
    }
}
