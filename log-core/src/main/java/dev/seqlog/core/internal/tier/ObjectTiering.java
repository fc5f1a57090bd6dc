package dev.seqlog.core.internal.tier;

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
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The object-store tier's part of a checkpoint pass, run on the checkpoint thread:
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
 * <p>A store that fails costs only the tier lag: the pass logs it, counts it, backs off (doubling from
 * {@link #FIRST_BACKOFF_MS} to {@link #MAX_BACKOFF_MS}) and goes on; appends never wait on the store, and
 * neither do readers holding a topic's lock for segments the cache holds.
 *
 * <p>Confined to the checkpoint thread, apart from {@link #source} and the stats.
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
    private long backoffMs;
    private long retryAt = Long.MIN_VALUE;

    /**
     * @param store the object store
     * @param cache the local cache of tiered segments
     * @param stats counters, shared with the cache
     * @param maxUploadsPerPass bound on uploads in one pass
     * @param passBudgetMs bound on the time one pass spends uploading: a slow store or a long backlog must
     *        not hold checkpoints back, since segments wait in memory and the WAL grows until one completes
     */
    public ObjectTiering(ObjectStore store, SegmentCache cache, TierStats stats, int maxUploadsPerPass,
                         long passBudgetMs) {
        this.store = store;
        this.cache = cache;
        this.stats = stats;
        this.maxUploadsPerPass = maxUploadsPerPass;
        this.passBudgetNanos = passBudgetMs * 1_000_000;
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
    public Segment.ObjectSource source(long topicId, long baseSeq, int bytes, int count, long objectId) {
        return new CachedObject(cache, topicId, baseSeq, bytes, count, objectId);
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
    public void run(Collection<TopicLog> topics, SegmentFiles files, int retainSegments, long retainBytes, long now) {
        long lagSegments = 0;
        long lagBytes = 0;
        int budget = maxUploadsPerPass;
        long started = System.nanoTime(); // a bound on work, not a decision about correctness
        boolean failed = now < retryAt;
        for (TopicLog t : topics) {
            for (Segment seg : t.tiering().coldCandidates(retainSegments, retainBytes)) {
                if (failed || budget == 0 || System.nanoTime() - started > passBudgetNanos) {
                    lagSegments++;
                    lagBytes += seg.bytesUsed();
                    continue;
                }
                budget--;
                try {
                    long id = upload(files.hot(), t.epoch(), seg);
                    Segment.ObjectSource object = source(t.epoch(), seg.baseSeq, seg.bytesUsed(), seg.count(), id);
                    if (t.tiering().switchToObjects(seg, object)) {
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
                        front.fetch();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("could not cache the oldest segments of a topic from {}: {}", store.describe(),
                                e.toString());
                    }
                }
            }
        }
        cache.pin(keys);
    }

    /** Stores a segment file and its index under a fresh object id, verified; returns the id. */
    private long upload(SegmentDirectory hot, long topicId, Segment seg) throws IOException {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
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
        return id;
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
     * Deletes segment objects no id in {@code keep} names. A failure is logged and counted; the next pass
     * tries again.
     *
     * @param keep ids the retained snapshots, pinned backups and live segments reference
     * @return objects deleted
     */
    public int collect(Set<Long> keep) {
        int n = 0;
        try {
            List<String> keys = store.list(ObjectKeys.SEGMENTS);
            for (String key : keys) {
                long id = ObjectKeys.objectId(key);
                if (id != 0 && !keep.contains(id)) {
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
