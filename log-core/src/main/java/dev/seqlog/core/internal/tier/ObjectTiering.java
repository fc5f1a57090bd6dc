package dev.seqlog.core.internal.tier;

import dev.seqlog.core.internal.segment.ObjectSource;
import dev.seqlog.core.internal.checkpoint.SegmentFiles;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.storage.SegmentDirectory;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.spi.ObjectStore;
import dev.seqlog.core.spi.StorageFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The object-store tier: after each checkpoint pass, a round of the steps below runs on its own thread
 * (or, for an engine whose checkpoints run only when asked, inside the pass, so that tests and the crash
 * sweep are deterministic):
 *
 * <ol>
 *   <li><b>upload</b>: each sealed, mapped, hot segment beyond the hot retention, whose delete flags are all
 *       in its file, is stored whole (header included) under a fresh key with a create-only PUT, then its
 *       sparse index; both are read back with HEAD and their length and SHA-256 compared. Only then is the
 *       segment switched to its object, and the next snapshot records it. Its hot file stays until no retained
 *       snapshot names it, like a cold-directory copy's.</li>
 *   <li><b>pin</b>: the two oldest segments of a topic with caps or a TTL, when they are objects, are fetched
 *       into the cache and kept there, so the eviction an append makes does not wait on the store (the second
 *       is ready when eviction drops the first).</li>
 *   <li><b>collect</b> (at reclaim): objects whose id neither retained snapshot, a pinned backup nor a live
 *       segment names are deleted.</li>
 * </ol>
 *
 * <p>On its own thread the uploads neither lengthen checkpoint passes nor depend on how often they run.
 * The pass goes on writing delete flags into hot files meanwhile: a segment whose flags a checkpoint took
 * while it was being uploaded is not switched (its {@link Segment#flagCaptures()} changed), and the object is
 * collected. Collection lists the store first and only then gathers the ids to keep, which include the
 * uploads in progress, so it never deletes an object being uploaded.
 *
 * <p>A store that fails costs only the tier lag: the round logs it, counts it, backs off (doubling from
 * {@link #FIRST_BACKOFF_MS} to {@link #MAX_BACKOFF_MS}) and goes on; appends never wait on the store, and
 * neither do readers holding a topic's lock.
 *
 * <p>Thread-safe: rounds never overlap; collection runs on the checkpoint thread.
 */
public final class ObjectTiering {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectTiering.class);
    static final long FIRST_BACKOFF_MS = 1_000;
    static final long MAX_BACKOFF_MS = 300_000;

    private final ObjectStore store;
    private final SegmentCache cache;
    private final TierStats stats;
    private final int maxUploadsPerPass;
    private final long passBudgetNanos;
    /** Runs rounds; null = inside the checkpoint pass. */
    private final Executor rounds;
    private final AtomicBoolean roundQueued = new AtomicBoolean();
    /** Object ids being uploaded and not yet switched to: collection keeps them. */
    private final Set<Long> uploading = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile long backoffMs;
    private volatile long retryAt = Long.MIN_VALUE;

    /**
     * @param store the object store
     * @param cache the local cache of tiered segments
     * @param stats counters, shared with the cache
     * @param maxUploadsPerPass bound on uploads in one round run inside a pass
     * @param passBudgetMs bound on the time one pass spends uploading when rounds run inside passes: a slow
     *        store must not hold checkpoints back, since segments wait in memory and the WAL grows until one
     *        completes
     * @param rounds the thread rounds run on, or null to run them inside the checkpoint pass
     */
    public ObjectTiering(ObjectStore store, SegmentCache cache, TierStats stats, int maxUploadsPerPass,
                         long passBudgetMs, Executor rounds) {
        this.store = store;
        this.cache = cache;
        this.stats = stats;
        this.maxUploadsPerPass = maxUploadsPerPass;
        this.passBudgetNanos = passBudgetMs * 1_000_000;
        this.rounds = rounds;
    }

    /** Stops starting uploads; the round in progress ends after its current one. */
    public void stop() {
        stopping = true;
    }

    /** @return the store */
    public ObjectStore store() {
        return store;
    }

    /** @return the counters */
    public TierStats stats() {
        return stats;
    }

    /**
     * The object of a tiered segment, read through the cache.
     *
     * @return its source
     */
    public ObjectSource source(long topicId, long baseSeq, int bytes, int count, long objectId) {
        return new CachedObject(cache, topicId, baseSeq, bytes, count, objectId);
    }

    /**
     * Starts a round after a checkpoint pass: on the tier thread unless one is queued or running already
     * (it will see what this pass sealed on the next pass), or here when rounds run inside passes.
     *
     * @param topics the live topic instances
     * @param files the segment files (hot directory)
     * @param retainSegments sealed segments per topic kept hot
     * @param retainBytes bound on hot sealed bytes per topic, 0 = none
     * @param now the clock reading, for the back-off
     */
    public void afterPass(Collection<TopicLog> topics, SegmentFiles files, int retainSegments, long retainBytes,
                          long now) {
        if (stopping) {
            return;
        }
        if (rounds == null) {
            run(topics, files, retainSegments, retainBytes, now);
            return;
        }
        if (roundQueued.compareAndSet(false, true)) {
            List<TopicLog> snapshot = List.copyOf(topics);
            rounds.execute(() -> {
                try {
                    run(snapshot, files, retainSegments, retainBytes, now);
                } catch (RuntimeException e) {
                    LOG.warn("a tiering round failed; the next checkpoint starts another: {}", e.toString());
                } finally {
                    roundQueued.set(false);
                }
            });
        }
    }

    /**
     * Uploads what is due and pins the segments eviction reads.
     *
     * @param topics the live topic instances
     * @param files the segment files (hot directory, checkers)
     * @param retainSegments sealed segments per topic kept hot
     * @param retainBytes bound on hot sealed bytes per topic, 0 = none
     * @param now the clock reading, for the back-off
     */
    private void run(Collection<TopicLog> topics, SegmentFiles files, int retainSegments, long retainBytes,
                     long now) {
        long lagSegments = 0;
        long lagBytes = 0;
        boolean inline = rounds == null;
        int budget = inline ? maxUploadsPerPass : Integer.MAX_VALUE;
        long started = System.nanoTime(); // a bound on work, not a decision about correctness
        boolean failed = now < retryAt;
        for (TopicLog t : topics) {
            List<Integer> captures = new ArrayList<>();
            List<Segment> due = t.tiering().coldCandidates(retainSegments, retainBytes, captures);
            for (int i = 0; i < due.size(); i++) {
                Segment seg = due.get(i);
                if (failed || stopping || budget == 0 || (inline && System.nanoTime() - started > passBudgetNanos)) {
                    lagSegments++;
                    lagBytes += seg.bytesUsed();
                    continue;
                }
                budget--;
                long id = newId();
                uploading.add(id);
                try {
                    upload(files.hot(), t.epoch(), seg, id);
                    ObjectSource object = source(t.epoch(), seg.baseSeq, seg.bytesUsed(), seg.count(), id);
                    if (t.tiering().switchToObjects(seg, object, captures.get(i))) {
                        stats.uploads.incrementAndGet();
                        stats.uploadedBytes.addAndGet(seg.bytesUsed());
                    }
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    stats.uploadErrors.incrementAndGet();
                    backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                    retryAt = now + backoffMs;
                    LOG.warn("tiering to {} failed; appends go on, the next try is in {} ms: {}", store.describe(),
                            backoffMs, e.toString());
                    lagSegments++;
                    lagBytes += seg.bytesUsed();
                } finally {
                    uploading.remove(id); // switched: the segment names it now; if not, it is garbage
                }
            }
        }
        if (!failed) {
            backoffMs = 0;
        }
        stats.lagSegments = lagSegments;
        stats.lagBytes = lagBytes;
        pinFronts(topics);
    }

    private void pinFronts(Collection<TopicLog> topics) {
        Set<String> keys = new HashSet<>();
        for (TopicLog t : topics) {
            for (Segment front : t.tiering().objectFront()) {
                if (front.objectSource() instanceof CachedObject o) {
                    keys.add(o.key());
                    try {
                        o.fetchAll();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("could not cache the oldest segments of a topic from {}: {}", store.describe(),
                                e.toString());
                    }
                }
            }
        }
        cache.pin(keys);
    }

    private static long newId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    /** Stores a segment file and its index under object id {@code id}, verified. */
    private void upload(SegmentDirectory hot, long topicId, Segment seg, long id) throws IOException {
        long size = SegmentFile.HEADER + (long) seg.bytesUsed();
        put(hot, hot.segment(topicId, seg.baseSeq), size, ObjectKeys.segment(topicId, seg.baseSeq, id));
        Path idx = hot.index(topicId, seg.baseSeq);
        if (hot.fs().exists(idx)) {
            long idxSize;
            try (StorageFile f = hot.fs().open(idx, false)) {
                idxSize = f.size();
            }
            put(hot, idx, idxSize, ObjectKeys.index(topicId, seg.baseSeq, id));
        }
    }

    private void put(SegmentDirectory hot, Path file, long size, String key) throws IOException {
        ByteBuffer content;
        try (StorageFile f = hot.fs().open(file, false)) {
            content = f.map(0, Math.toIntExact(size));
        }
        String digest = sha256(content.duplicate());
        store.create(key, content.duplicate(), digest);
        ObjectStore.ObjectInfo back = store.head(key);
        if (back == null || back.length() != size || !digest.equals(back.sha256())) {
            throw new IOException("the object store does not hold what was uploaded: key=" + key + " expected "
                    + size + " bytes sha256=" + digest + ", found " + back);
        }
    }

    /**
     * Deletes segment objects no id in {@code keep} names, nor an upload in progress. The store is listed
     * before {@code keep} is read, so an object created after the listing is never seen and one created
     * before it is named by an upload in progress or a segment. A failure is logged and counted; the next
     * pass tries again.
     *
     * @param keep gives the ids the retained snapshots, pinned backups and live segments reference
     * @return objects deleted
     */
    public int collect(java.util.function.Supplier<Set<Long>> keep) {
        int n = 0;
        try {
            List<String> keys = store.list(ObjectKeys.SEGMENTS);
            Set<Long> kept = new HashSet<>(keep.get());
            kept.addAll(uploading);
            for (String key : keys) {
                long id = ObjectKeys.objectId(key);
                if (id != 0 && !kept.contains(id)) {
                    store.delete(key);
                    n++;
                }
            }
        } catch (IOException | RuntimeException e) {
            stats.collectErrors.incrementAndGet();
            LOG.warn("could not collect unreferenced objects in {}: {}", store.describe(), e.toString());
        }
        stats.collected.addAndGet(n);
        return n;
    }

    static String sha256(ByteBuffer content) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(content);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
