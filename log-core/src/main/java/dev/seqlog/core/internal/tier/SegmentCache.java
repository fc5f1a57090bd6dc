package dev.seqlog.core.internal.tier;

import dev.seqlog.core.internal.segment.RecordLayout;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.storage.SegmentIndexFile;
import dev.seqlog.core.internal.storage.SparseIndex;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.ObjectStore;
import dev.seqlog.core.spi.StorageFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The bounded local cache reads of tiered segments go through: a directory of segment-sized sparse files,
 * filled range by range from the object store. A segment's first use fetches its saved sparse index, which
 * cuts the segment into chunks of about {@link #CHUNK} bytes at index points (so every chunk holds whole
 * entries); a read then fetches the chunk holding its record and a few after it ({@link #READ_AHEAD} bytes)
 * with one ranged GET, and a use that needs the whole segment (a delete, an eviction) fetches every missing
 * chunk in parallel GETs of at most {@link #PART} bytes. Each fetched range has every entry's checksum checked
 * before it counts as present. Without a usable saved index the whole segment is fetched at once.
 *
 * <p>Segments are evicted whole, least recently opened first, once the cache holds more than its capacity,
 * except pinned ones (the oldest segments of topics whose caps or TTL evict from them, so that an append
 * never waits on the store). A segment keeps reading an evicted copy through the mapping it has until it
 * next looks (the file is deleted; the space returns when the mapping goes). Concurrent fetches of one
 * segment are serialised and never fetch a chunk twice.
 *
 * <p>The cache is derived data: no flush, and start-up empties it. Thread-safe.
 */
public final class SegmentCache {
    /** Target chunk size: the unit a read fetches. */
    static final int CHUNK = 1 << 20;
    /** Bytes a read fetches from its chunk on, so a sequential reader makes one GET per few chunks. */
    static final int READ_AHEAD = 4 << 20;
    /** Largest single GET when fetching a whole segment. */
    static final int PART = 8 << 20;

    private final FileSystem fs;
    private final Path dir;
    private final ObjectStore store;
    private final long capacity;
    private final Executor parts;
    private final TierStats stats;
    /** Access-ordered: the first entry is the least recently opened. Guarded by this. */
    private final LinkedHashMap<String, CachedSegment> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<CachedSegment>> opening = new HashMap<>();
    private Set<String> pinned = Set.of();
    private long cachedBytes;

    /**
     * @param fs the file system
     * @param dir the cache directory, emptied now
     * @param store where segments come from
     * @param capacity bytes the cache keeps, pinned segments apart
     * @param parts runs the GETs of one whole-segment fetch in parallel
     * @param stats counters
     * @throws IOException if the directory cannot be created or emptied
     */
    public SegmentCache(FileSystem fs, Path dir, ObjectStore store, long capacity, Executor parts, TierStats stats)
            throws IOException {
        this.fs = fs;
        this.dir = dir;
        this.store = store;
        this.capacity = capacity;
        this.parts = parts;
        this.stats = stats;
        if (fs.exists(dir)) {
            for (Path p : fs.list(dir)) {
                fs.delete(p);
            }
        } else {
            fs.createDirectories(dir);
        }
    }

    /**
     * The cached copy of a segment, created (its sparse index fetched, no entries yet) if the cache lacks it
     * and {@code mayFetch}.
     *
     * @param key the segment object's key
     * @param indexKey its sparse index object's key
     * @param baseSeq the base seq
     * @param bytes entry bytes
     * @param count entries
     * @param mayFetch whether a miss may ask the store (blocks)
     * @return the copy, or null on a miss that may not ask
     * @throws IOException if the store fails
     */
    CachedSegment open(String key, String indexKey, long baseSeq, int bytes, int count, boolean mayFetch)
            throws IOException {
        CompletableFuture<CachedSegment> f;
        boolean mine = false;
        synchronized (this) {
            CachedSegment e = entries.get(key);
            if (e != null) {
                stats.cacheHits.incrementAndGet();
                return e;
            }
            if (!mayFetch) {
                return null;
            }
            f = opening.get(key);
            if (f == null) {
                f = new CompletableFuture<>();
                opening.put(key, f);
                mine = true;
            }
        }
        if (!mine) {
            return await(f);
        }
        try {
            CachedSegment e = create(key, indexKey, baseSeq, bytes, count);
            synchronized (this) {
                entries.put(key, e);
                opening.remove(key);
            }
            added(e, e.presentBytes());
            f.complete(e);
            return e;
        } catch (IOException | RuntimeException x) {
            synchronized (this) {
                opening.remove(key);
            }
            stats.fetchErrors.incrementAndGet();
            f.completeExceptionally(x);
            throw x;
        }
    }

    /**
     * Makes the chunk holding entry {@code number} present, with what follows it up to {@link #READ_AHEAD}.
     *
     * @param e the copy
     * @param number an entry number
     * @throws IOException if the store fails or a fetched entry is damaged
     */
    void fetchAround(CachedSegment e, int number) throws IOException {
        int k = e.chunkOf(number);
        int to = k + 1;
        while (to < e.chunks() && e.chunkOffset(to) - e.chunkOffset(k) < READ_AHEAD) {
            to++;
        }
        fetch(e, k, to, false);
    }

    /**
     * Makes every chunk present.
     *
     * @param e the copy
     * @throws IOException if the store fails or a fetched entry is damaged
     */
    void fetchAll(CachedSegment e) throws IOException {
        fetch(e, 0, e.chunks(), true);
    }

    /**
     * Pins segments against eviction, replacing the previous set.
     *
     * @param keys segment object keys
     */
    synchronized void pin(Set<String> keys) {
        pinned = Set.copyOf(keys);
    }

    private void fetch(CachedSegment e, int from, int to, boolean parallel) throws IOException {
        synchronized (e.fetchLock) {
            List<int[]> runs = e.missingRuns(from, to, parallel ? PART : Integer.MAX_VALUE);
            if (runs.isEmpty()) {
                return;
            }
            List<CompletableFuture<Void>> jobs = new ArrayList<>();
            long added = 0;
            try (StorageFile out = fs.open(e.file, false)) {
                for (int[] run : runs) {
                    added += e.chunkOffset(run[1]) - e.chunkOffset(run[0]);
                    Runnable job = () -> fetchRun(e, out, run[0], run[1]);
                    jobs.add(parallel && runs.size() > 1 ? CompletableFuture.runAsync(job, parts)
                            : CompletableFuture.runAsync(job, Runnable::run));
                }
                join(jobs);
            } catch (IOException | RuntimeException x) {
                stats.fetchErrors.incrementAndGet();
                throw x;
            }
            ByteBuffer mapping = map(e.file, e.bytes);
            e.present(runs, mapping);
            stats.fetches.addAndGet(runs.size());
            stats.fetchedBytes.addAndGet(added);
            added(e, added);
        }
    }

    private static void join(List<CompletableFuture<Void>> jobs) throws IOException {
        IOException failed = null;
        for (CompletableFuture<Void> j : jobs) {
            try {
                j.join();
            } catch (CompletionException x) {
                if (x.getCause() instanceof UncheckedIOException u) {
                    failed = u.getCause();
                } else {
                    throw x;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Fetches chunks {@code [from, to)}, checks every entry in them, writes them into the copy's file. */
    private void fetchRun(CachedSegment e, StorageFile out, int from, int to) {
        try {
            int at = e.chunkOffset(from);
            int len = e.chunkOffset(to) - at;
            ByteBuffer b = ByteBuffer.allocate(len);
            store.read(e.key, SegmentFile.HEADER + (long) at, b);
            b.flip();
            int n = SegmentFile.scan(b, len, RecordLayout.HEADER, e.key + "@" + at, null);
            if (n != e.chunkNumber(to) - e.chunkNumber(from)) {
                throw new dev.seqlog.core.internal.format.CorruptionException("object holds " + n + " entries where "
                        + "its index says " + (e.chunkNumber(to) - e.chunkNumber(from)) + ": key=" + e.key + " offset=" + at);
            }
            out.write(b, SegmentFile.HEADER + (long) at);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private CachedSegment create(String key, String indexKey, long baseSeq, int bytes, int count)
            throws IOException {
        Path file = dir.resolve(ObjectKeys.fileName(key));
        long size = SegmentFile.HEADER + (long) bytes;
        try (StorageFile out = fs.open(file, true)) {
            out.truncate(0);
            out.write(ByteBuffer.allocate(1), size - 1); // a sparse file of the segment's size
        }
        SparseIndex index = savedIndex(indexKey, baseSeq, bytes, count);
        if (index != null) {
            return new CachedSegment(key, file, bytes, index, count, CHUNK, map(file, bytes));
        }
        // no usable saved index: fetch the whole segment as one chunk, then index it
        CachedSegment whole = new CachedSegment(key, file, bytes, null, count, CHUNK, null);
        fetchAll(whole);
        return whole;
    }

    private ByteBuffer map(Path file, int bytes) throws IOException {
        try (StorageFile f = fs.open(file, false)) {
            return f.map(SegmentFile.HEADER, bytes);
        }
    }

    /** The saved sparse index if the store has a valid one, else null. */
    private SparseIndex savedIndex(String indexKey, long baseSeq, int bytes, int count) throws IOException {
        ObjectStore.ObjectInfo info = store.head(indexKey);
        if (info == null || info.length() <= 0 || info.length() >= Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate((int) info.length());
        store.read(indexKey, 0, b);
        Path file = dir.resolve(ObjectKeys.fileName(indexKey));
        try (StorageFile out = fs.open(file, true)) {
            out.truncate(0);
            out.write(b.flip(), 0);
        }
        try {
            return SegmentIndexFile.read(fs, file, baseSeq, bytes, count);
        } finally {
            fs.delete(file);
        }
    }

    private void added(CachedSegment e, long bytes) throws IOException {
        synchronized (this) {
            cachedBytes += bytes;
            Iterator<Map.Entry<String, CachedSegment>> it = entries.entrySet().iterator();
            while (cachedBytes > capacity && it.hasNext()) {
                CachedSegment old = it.next().getValue();
                if (old == e || pinned.contains(old.key)) {
                    continue;
                }
                it.remove();
                old.evicted = true;
                cachedBytes -= old.presentBytes();
                fs.delete(old.file);
            }
            stats.cachedBytes = cachedBytes;
        }
    }

    private static CachedSegment await(CompletableFuture<CachedSegment> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
