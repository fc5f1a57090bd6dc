package dev.seqlog.core.internal.lifecycle;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WalStats;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.checkpoint.PinnedCheckpoint;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.WalCut;
import dev.seqlog.core.internal.storage.WalShard;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.tier.ObjectTiering;
import dev.seqlog.core.internal.tier.TierStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The durable side of an engine with a data directory: the journal over the WAL shards, the checkpointer
 * and its scheduler, the thread that prepares WAL files, and the thread that completes acknowledgements.
 * It owns one close order: stop scheduling, log exact heads and close the shards, write the final
 * checkpoint, then stop the helper threads and release the directory.
 *
 * <p>Thread-safe.
 */
public final class DurableStore {
    private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);

    private final DataDirectory dir;
    private final ShardedJournal wal;
    private final InstantSource clock;
    private final ExecutorService preallocator;
    private final ExecutorService acknowledger;
    /** Ranged GETs of tiered segments being fetched (only with an object store). */
    private final ExecutorService tierFetches;
    /** Tiering rounds (only with an object store and background checkpoints). */
    private final ExecutorService tierUploads;
    private TierStats tierStats;
    private ObjectTiering tiering;
    private Checkpointer checkpointer;
    private CheckpointScheduler scheduler;
    private Supplier<Collection<TopicLog>> topics;
    private LongSupplier maxTopicId;
    private Supplier<ByteBuffer> routers;

    /** The last log position a checkpoint recorded, or recovery found (external log only). */
    private volatile dev.seqlog.core.LogPosition position;

    DurableStore(DataDirectory dir, InstantSource clock, boolean externalLog) {
        this.dir = dir;
        this.clock = clock;
        this.wal = new ShardedJournal(externalLog);
        this.preallocator = Executors.newFixedThreadPool(1, daemon("seqlog-wal-prealloc"));
        this.acknowledger = Executors.newFixedThreadPool(1, daemon("seqlog-ack"));
        this.tierFetches = Executors.newFixedThreadPool(4, daemon("seqlog-tier-fetch"));
        this.tierUploads = Executors.newFixedThreadPool(1, daemon("seqlog-tier-upload"));
    }

    ExecutorService tierUploads() {
        return tierUploads;
    }

    void tiering(ObjectTiering t) {
        this.tiering = t;
    }

    ExecutorService tierFetches() {
        return tierFetches;
    }

    void tierStats(TierStats stats) {
        this.tierStats = stats;
    }

    /** @return the object-store tier's counters, or null without one */
    public TierStats.Snapshot tierStats() {
        TierStats s = tierStats;
        return s == null ? null : s.read();
    }

    /**
     * Takes the directory and creates the store's threads; {@link Startup} recovers into it.
     *
     * @param dir the locked data directory
     * @param clock the engine clock
     * @return the store, not yet started
     */
    public static DurableStore create(DataDirectory dir, InstantSource clock) {
        return new DurableStore(dir, clock, false);
    }

    /**
     * Locks the options' data directory and creates the store on it.
     *
     * @param options the engine options, with a data directory
     * @return the store, not yet started
     * @throws SeqlogException internal if the directory is locked or cannot be opened
     */
    public static DurableStore lock(dev.seqlog.core.EngineOptions options) {
        try {
            return new DurableStore(DataDirectory.lock(options.fileSystem(), options.dataDir(), options.coldDir()),
                    options.clock(), options.externalLog());
        } catch (IOException | RuntimeException failure) {
            throw storageFailure("cannot open data directory " + options.dataDir(), failure);
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return new DaemonThreads(name);
    }

    DataDirectory dir() {
        return dir;
    }

    /** @return the journal topics log to */
    public ShardedJournal journal() {
        return wal;
    }

    ExecutorService preallocator() {
        return preallocator;
    }

    ExecutorService acknowledger() {
        return acknowledger;
    }

    void started(Checkpointer c, CheckpointScheduler s, Supplier<Collection<TopicLog>> topics, LongSupplier maxId,
                 Supplier<ByteBuffer> routers) {
        this.routers = routers;
        this.checkpointer = c;
        this.scheduler = s;
        this.topics = topics;
        this.maxTopicId = maxId;
    }

    /** @return whether a storage failure made the store read-only */
    public boolean isReadOnly() {
        return wal.isReadOnly();
    }

    /** @return the WAL shards */
    public List<WalShard> shards() {
        return List.of(wal.shards());
    }

    /** @return WAL counters summed over the shards */
    public WalStats walStats() {
        long frames = 0;
        long batches = 0;
        long fsyncs = 0;
        long bytes = 0;
        long rotations = 0;
        long depth = 0;
        long peak = 0;
        long[] latency = new long[WalStats.FSYNC_BUCKETS_US.length + 1];
        long latencySumUs = 0;
        for (WalShard s : wal.shards()) {
            frames += s.framesWritten();
            batches += s.batchesWritten();
            fsyncs += s.syncCount();
            bytes += s.bytesWritten();
            rotations += s.rotationCount();
            depth += s.queueDepth();
            peak = Math.max(peak, s.queueDepthPeak());
            latencySumUs += s.addFlushLatency(latency);
        }
        long waits = scheduler == null ? 0 : scheduler.admissionWaits();
        return new WalStats(frames, batches, fsyncs, bytes, rotations, depth, peak, waits,
                Arrays.stream(latency).boxed().toList(), latencySumUs,
                wal.isReadOnly());
    }

    /**
     * @return a future that completes when a writer may append: at once unless the WAL not yet
     *         checkpointed exceeds its bound, then when a checkpoint has reduced it
     */
    public CompletableFuture<Void> admission() {
        return scheduler == null ? CheckpointScheduler.ADMITTED : scheduler.admission();
    }

    /** Throws storage_read_only after a storage failure. */
    public void checkWritable() {
        wal.checkWritable();
    }

    /**
     * Runs a checkpoint now.
     *
     * @param finalPass the last pass of a clean close: the WAL is closed and counts as covered
     * @return what the pass did
     */
    public Checkpointer.Stats checkpoint(boolean finalPass) {
        return checkpoint(finalPass, null);
    }

    /**
     * Runs a checkpoint of an engine whose operations live in an external log.
     *
     * @param at the external log's last entry the engine state includes; nothing may be applied meanwhile
     * @return what the pass did
     */
    public Checkpointer.Stats checkpoint(dev.seqlog.core.LogPosition at) {
        Checkpointer.Stats stats = checkpoint(false, at);
        position = at;
        return stats;
    }

    /** @return the last log position checkpointed or recovered, or null (external log only) */
    public dev.seqlog.core.LogPosition position() {
        return position;
    }

    void recovered(dev.seqlog.core.LogPosition at) {
        position = at;
    }

    private Checkpointer.Stats checkpoint(boolean finalPass, dev.seqlog.core.LogPosition at) {
        long now = clock.millis();
        long walBytes = wal.submittedBytes();
        try {
            Checkpointer.Stats stats = checkpointer.run(source(finalPass, at), now, finalPass);
            scheduler.completed(walBytes, now);
            return stats;
        } catch (IOException e) {
            wal.failed(e);
            LOG.error("checkpoint failed; the store is now read-only: dataDir={}", dir.root(), e);
            throw storageFailure("checkpoint failed", e);
        }
    }

    /**
     * Runs a checkpoint and pins its files for a backup (see {@link Checkpointer#runPinned}).
     *
     * @param at with an external log, its last entry the state includes (nothing may be applied meanwhile);
     *        null otherwise
     * @return the pinned checkpoint; close it when its files have been read
     */
    public PinnedCheckpoint pinCheckpoint(dev.seqlog.core.LogPosition at) {
        long now = clock.millis();
        long walBytes = wal.submittedBytes();
        try {
            PinnedCheckpoint pinned = checkpointer.runPinned(source(false, at), now);
            scheduler.completed(walBytes, now);
            if (at != null) {
                position = at;
            }
            return pinned;
        } catch (IOException e) {
            wal.failed(e);
            LOG.error("checkpoint for a backup failed; the store is now read-only: dataDir={}", dir.root(), e);
            throw storageFailure("checkpoint failed", e);
        }
    }

    /** @return the file system the data directory is on */
    public dev.seqlog.core.spi.FileSystem fileSystem() {
        return dir.fs();
    }

    private Checkpointer.Source source(boolean finalPass, dev.seqlog.core.LogPosition at) {
        return new Checkpointer.Source() {
            @Override
            public dev.seqlog.core.LogPosition position() {
                return at;
            }

            @Override
            public WalCut cut() {
                WalShard[] shards = wal.shards();
                if (shards.length == 0) {
                    return WalCut.NONE; // an external log: there are no WAL files to cover
                }
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
                return topics.get();
            }

            @Override
            public long maxTopicId() {
                return maxTopicId.getAsLong();
            }

            @Override
            public ByteBuffer routers() {
                return routers.get();
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

    /**
     * Closes in order: the scheduler (after its pass in progress), the WAL (every topic's exact head logged
     * first, so no restart loss appears after a clean stop), the final checkpoint, the helper threads, and
     * the directory lock. Returns only once every thread of the store has stopped.
     *
     * @param started whether recovery finished (otherwise there is nothing to close but threads and lock)
     */
    public void close(boolean started) {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
            if (tiering != null) {
                tiering.stop(); // the round in progress ends after its current upload
            }
            stop(tierUploads, "seqlog-tier-upload");
            // with an external log there is no WAL to close and no final pass: a pass records the log position
            // of a state nothing is applied to meanwhile, which only the log's owner knows
            if (started && checkpointer != null && !wal.external()) {
                closeWal();
                if (!wal.isReadOnly()) {
                    try {
                        checkpoint(true);
                    } catch (RuntimeException e) {
                        // logged by checkpoint(); the WAL still holds everything
                    }
                }
            }
        } finally {
            stop(preallocator, "seqlog-wal-prealloc");
            stop(acknowledger, "seqlog-ack");
            stop(tierFetches, "seqlog-tier-fetch");
            try {
                dir.close();
            } catch (IOException e) {
                LOG.warn("could not release the data directory lock: dir={}", dir.root(), e);
            }
        }
    }

    private void closeWal() {
        if (!wal.isReadOnly()) {
            for (TopicLog t : topics.get()) {
                try {
                    t.lifecycle().logExactHead();
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

    private static void stop(ExecutorService pool, String name) {
        pool.shutdown();
        try {
            if (!DaemonThreads.awaitEnd(pool, TimeUnit.SECONDS.toNanos(30))) {
                LOG.warn("engine thread did not stop within 30 s: thread={}", name);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The exception for a failed start-up or checkpoint.
     *
     * @param message what failed
     * @param cause why
     * @return internal, with reason data_corruption or storage_error
     */
    public static SeqlogException storageFailure(String message, Throwable cause) {
        String reason = cause instanceof CorruptionException ? "data_corruption" : "storage_error";
        return new SeqlogException(ErrorCode.INTERNAL, message + ": " + cause.getMessage(), cause)
                .with("reason", reason);
    }
}
