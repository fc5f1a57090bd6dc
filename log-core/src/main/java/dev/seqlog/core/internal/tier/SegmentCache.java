package dev.seqlog.core.internal.tier;

import dev.seqlog.core.internal.segment.Segment;
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
 * The bounded local cache reads of tiered segments go through: a directory of segment files fetched from the
 * object store, mapped while cached. A miss fetches the whole segment with ranged GETs of {@link #PART}
 * bytes, in parallel, and its sparse index object (rebuilt from the entries if that is missing or damaged);
 * concurrent misses of one segment share a fetch. Least recently opened segments are evicted once the cache
 * holds more than its capacity, except pinned ones (the oldest segment of a topic whose caps or TTL evict
 * from it, so that an append never waits on the store). An evicted copy stays readable through mappings
 * made before, until its segment next looks (the file is deleted; the space returns when the mapping goes).
 *
 * <p>The cache is derived data: no flush, and start-up empties it.
 *
 * <p>Thread-safe.
 */
public final class SegmentCache {
    /** Bytes per ranged GET. */
    static final int PART = 8 << 20;

    private final FileSystem fs;
    private final Path dir;
    private final ObjectStore store;
    private final long capacity;
    private final Executor parts;
    private final TierStats stats;
    /** Access-ordered: the first entry is the least recently opened. Guarded by this. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<Entry>> fetching = new HashMap<>();
    private Set<String> pinned = Set.of();
    private long cachedBytes;

    /**
     * @param fs the file system
     * @param dir the cache directory, emptied now
     * @param store where segments come from
     * @param capacity bytes the cache keeps, pinned segments apart
     * @param parts runs ranged GETs of one fetch in parallel
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
     * The cached copy of a segment, fetched first if the cache lacks it and {@code mayFetch}.
     *
     * @param key the segment object's key
     * @param indexKey its sparse index object's key
     * @param topicId the topic id (checked against the file header)
     * @param baseSeq the base seq (checked likewise)
     * @param bytes entry bytes
     * @param count entries
     * @param mayFetch whether a miss may fetch (blocks on the store)
     * @return the copy, or null on a miss that may not fetch
     * @throws IOException if the fetch fails
     */
    Entry open(String key, String indexKey, long topicId, long baseSeq, int bytes, int count, boolean mayFetch)
            throws IOException {
        CompletableFuture<Entry> f;
        boolean mine = false;
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null) {
                stats.cacheHits.incrementAndGet();
                return e;
            }
            if (!mayFetch) {
                return null;
            }
            f = fetching.get(key);
            if (f == null) {
                f = new CompletableFuture<>();
                fetching.put(key, f);
                mine = true;
            }
        }
        if (!mine) {
            return await(f);
        }
        try {
            Entry e = fetch(key, indexKey, topicId, baseSeq, bytes, count);
            synchronized (this) {
                entries.put(key, e);
                cachedBytes += e.size;
                fetching.remove(key);
                evictBeyondCapacity(key);
                stats.cachedBytes = cachedBytes;
            }
            stats.fetches.incrementAndGet();
            stats.fetchedBytes.addAndGet(e.size);
            f.complete(e);
            return e;
        } catch (IOException | RuntimeException x) {
            synchronized (this) {
                fetching.remove(key);
            }
            stats.fetchErrors.incrementAndGet();
            f.completeExceptionally(x);
            throw x;
        }
    }

    /**
     * Pins segments against eviction, replacing the previous set.
     *
     * @param keys segment object keys
     */
    synchronized void pin(Set<String> keys) {
        pinned = Set.copyOf(keys);
    }

    /** @return bytes the cache holds */
    public synchronized long cachedBytes() {
        return cachedBytes;
    }

    private static Entry await(CompletableFuture<Entry> f) throws IOException {
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

    private Entry fetch(String key, String indexKey, long topicId, long baseSeq, int bytes, int count)
            throws IOException {
        Path file = dir.resolve(ObjectKeys.fileName(key));
        long size = SegmentFile.HEADER + (long) bytes;
        try (StorageFile out = fs.open(file, true)) {
            out.truncate(0);
            List<CompletableFuture<Void>> jobs = new ArrayList<>();
            for (long at = 0; at < size; at += PART) {
                long from = at;
                int len = (int) Math.min(PART, size - at);
                jobs.add(CompletableFuture.runAsync(() -> fetchPart(key, out, from, len), parts));
            }
            for (CompletableFuture<Void> j : jobs) {
                try {
                    j.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof UncheckedIOException u) {
                        fs.delete(file);
                        throw u.getCause();
                    }
                    throw e;
                }
            }
        }
        ByteBuffer mapping;
        try (SegmentFile f = SegmentFile.open(fs, file, topicId, baseSeq)) {
            mapping = f.map(bytes);
        }
        return new Entry(key, file, size, mapping, index(indexKey, baseSeq, bytes, count, mapping));
    }

    private void fetchPart(String key, StorageFile out, long at, int len) {
        try {
            ByteBuffer b = ByteBuffer.allocate(len);
            store.read(key, at, b);
            b.flip();
            out.write(b, at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The saved sparse index if the store has a valid one, else one rebuilt from the entries. */
    private SparseIndex index(String indexKey, long baseSeq, int bytes, int count, ByteBuffer entries) throws IOException {
        ObjectStore.ObjectInfo info = store.head(indexKey);
        if (info != null && info.length() > 0 && info.length() < Integer.MAX_VALUE) {
            ByteBuffer b = ByteBuffer.allocate((int) info.length());
            store.read(indexKey, 0, b);
            Path file = dir.resolve(ObjectKeys.fileName(indexKey));
            try (StorageFile out = fs.open(file, true)) {
                out.truncate(0);
                out.write(b.flip(), 0);
            }
            SparseIndex saved = SegmentIndexFile.read(fs, file, baseSeq, bytes, count);
            fs.delete(file);
            if (saved != null) {
                return saved;
            }
        }
        return SparseIndex.fromEntries(entries, bytes);
    }

    private void evictBeyondCapacity(String keep) throws IOException {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (cachedBytes > capacity && it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.key.equals(keep) || pinned.contains(e.key)) {
                continue;
            }
            it.remove();
            e.evicted = true;
            cachedBytes -= e.size;
            fs.delete(e.file);
        }
    }

    /** A cached copy. */
    static final class Entry implements Segment.ObjectSource.Resident {
        final String key;
        final Path file;
        final long size;
        private final ByteBuffer entries;
        private final SparseIndex index;
        volatile boolean evicted;

        Entry(String key, Path file, long size, ByteBuffer entries, SparseIndex index) {
            this.key = key;
            this.file = file;
            this.size = size;
            this.entries = entries;
            this.index = index;
        }

        @Override
        public ByteBuffer entries() {
            return entries;
        }

        @Override
        public SparseIndex index() {
            return index;
        }

        @Override
        public Object file() {
            return file;
        }

        @Override
        public boolean evicted() {
            return evicted;
        }
    }
}
