package dev.seqlog.core.internal.lifecycle;

import dev.seqlog.core.internal.storage.WalSettings;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.checkpoint.SegmentFiles;
import dev.seqlog.core.internal.recovery.CatalogReplay;
import dev.seqlog.core.internal.recovery.Recovery;
import dev.seqlog.core.internal.segment.BufferPool;
import dev.seqlog.core.internal.storage.SegmentDirectory;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.internal.storage.WalDirectory;
import dev.seqlog.core.internal.storage.WalFile;
import dev.seqlog.core.internal.storage.WalShard;
import dev.seqlog.core.internal.topic.TopicRegistry;
import dev.seqlog.core.internal.tier.ObjectTiering;
import dev.seqlog.core.internal.tier.SegmentCache;
import dev.seqlog.core.internal.tier.TierStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.DoubleConsumer;

/**
 * Start-up of a durable engine: chooses the snapshot, prepares the new WAL files while recovery replays
 * (they depend only on the boot number), restores the topics into the registry, then starts the shards,
 * the checkpointer and its scheduler.
 *
 * <p>Runs once, on the recovery thread.
 */
public final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);
    /** Uploads per checkpoint pass, and the time a pass may spend on them, when they run inside passes. */
    private static final int UPLOADS_PER_PASS = 64;
    private static final long UPLOAD_BUDGET_MS = 2_000;

    private Startup() {
    }

    /**
     * Recovers the store's directory into {@code registry} and starts the store.
     *
     * @param store the store, created but not started
     * @param options the engine options
     * @param registry receives the recovered topics
     * @param pool segment buffers
     * @param progress told the replay progress, 0 to 1
     * @param closed whether the engine closed meanwhile (stops checkpoint scheduling)
     * @param catalog receives the router catalog's section and frames during recovery
     * @param routers captures the router catalog for each checkpoint
     * @throws IOException if recovery failed
     */
    public static void run(DurableStore store, EngineOptions options, TopicRegistry registry, BufferPool pool,
                           DoubleConsumer progress, java.util.function.BooleanSupplier closed, CatalogReplay catalog,
                           Supplier<ByteBuffer> routers) throws IOException {
        DataDirectory dir = store.dir();
        List<CompletableFuture<WalFile>> firstFiles = new ArrayList<>();
        try {
            // two spares per shard: about what one checkpoint retires, so new files are recycled, not zero-filled
            WalDirectory walDir = new WalDirectory(dir.fs(), dir.wal(), 2 * options.walShards());
            List<WalDirectory.Entry> files = walDir.list();
            SnapshotFile snapshots = new SnapshotFile(dir.fs(), dir.snapshots());
            Recovery.Start start = Recovery.chooseSnapshot(snapshots);
            // a boot number above every WAL file's and above what the snapshot's cut covers, even with the
            // WAL files gone: new files must never look covered
            long boot = Math.max(files.stream().mapToLong(e -> e.header.boot()).max().orElse(0),
                    start.coveredBootsBelow()) + 1;
            WalSettings settings = WalSettings.of(options.walFileBytes(), options.walFlushIntervalMs(),
                    options.backgroundPreallocation() ? store.preallocator() : Runnable::run, store.acknowledger());
            boolean external = options.externalLog();
            if (external) {
                checkExternal(dir, files, start);
            } else if (start.position() != null) {
                throw new dev.seqlog.core.internal.format.UnsupportedFormatException("data directory " + dir.root()
                        + " belongs to a replicated node (its snapshot records log position " + start.position()
                        + "): its operations since that checkpoint are in the replicated log, not here");
            }
            int shardCount = external ? 0 : options.walShards();
            for (int i = 0; i < shardCount; i++) {
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
            SegmentDirectory cold = options.coldDir() == null ? null
                    : SegmentDirectory.existing(dir.fs(), options.coldDir());
            ObjectTiering objects = null;
            if (options.objectStore() != null) {
                TierStats stats = new TierStats();
                SegmentCache cache = new SegmentCache(dir.fs(), dir.cache(), options.objectStore(),
                        options.coldCacheBytes(), store.tierFetches(), stats);
                // with background checkpoints, rounds run on their own thread; otherwise inside each pass, so
                // that an engine checkpointed by hand (tests, the crash sweep) tiers deterministically
                objects = new ObjectTiering(options.objectStore(), cache, stats, UPLOADS_PER_PASS, UPLOAD_BUDGET_MS,
                        options.backgroundCheckpoints() ? store.tierUploads() : null);
                store.tierStats(stats);
                store.tiering(objects);
            }
            SegmentFiles segments = new SegmentFiles(new SegmentDirectory(dir.fs(), dir.segments()), cold, objects,
                    pool);
            Recovery.Result r = Recovery.run(start, walDir, files, segments, registry::newTopic, catalog,
                    p -> progress.accept(Math.min(p, 0.99)));
            Checkpointer checkpointer = new Checkpointer(snapshots, segments, walDir, pool, options.walFileBytes(),
                    options.hotRetainSegments(), options.hotRetainBytes(), r.checkpoints);
            registry.restored(r.topics.values(), r.maxTopicId);
            ShardedJournal wal = store.journal();
            store.recovered(r.position);
            WalShard[] shards = new WalShard[shardCount];
            for (int i = 0; i < shards.length; i++) {
                shards[i] = new WalShard(i, boot, walDir, settings, wal::failed, join(firstFiles.get(i)));
            }
            wal.start(shards);
            CheckpointScheduler scheduler = new CheckpointScheduler(wal::submittedBytes, options.clock(),
                    options.checkpointWalBytes(), options.checkpointIntervalMs(), () -> store.checkpoint(false),
                    () -> closed.getAsBoolean() || wal.isReadOnly(), options.backgroundCheckpoints(),
                    store.acknowledger());
            store.started(checkpointer, scheduler, registry::all, registry::maxTopicId, routers);
            scheduler.start();
        } catch (IOException | RuntimeException | Error e) {
            for (CompletableFuture<WalFile> f : firstFiles) {
                f.thenAccept(Startup::closeUnused);
            }
            throw e;
        }
    }

    /**
     * An engine whose operations live in an external log starts from its own checkpoints only: WAL files, or a
     * snapshot that records no log position, mean the directory is a standalone engine's, whose operations
     * since its last checkpoint the external log does not hold.
     */
    private static void checkExternal(DataDirectory dir, List<WalDirectory.Entry> files, Recovery.Start start)
            throws IOException {
        if (!files.isEmpty() || (start.hasSnapshot() && start.position() == null)) {
            throw new dev.seqlog.core.internal.format.UnsupportedFormatException("data directory " + dir.root()
                    + " belongs to a standalone engine (it holds " + (files.isEmpty() ? "a snapshot with no log position"
                    : files.size() + " WAL files") + "); a replicated node starts from an empty directory or its own"
                    + " checkpoints");
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
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }
}
