package dev.seqlog.core.internal.tier;

import dev.seqlog.core.internal.segment.ObjectSource;
import dev.seqlog.core.internal.segment.Segment;

import java.io.IOException;

/**
 * One tiered segment's object, read through the cache.
 *
 * <p>Immutable; thread-safe.
 */
final class CachedObject implements ObjectSource {
    private final SegmentCache cache;
    private final long baseSeq;
    private final int bytes;
    private final int count;
    private final long objectId;
    private final String key;
    private final String indexKey;

    CachedObject(SegmentCache cache, long topicId, long baseSeq, int bytes, int count, long objectId) {
        this.cache = cache;
        this.baseSeq = baseSeq;
        this.bytes = bytes;
        this.count = count;
        this.objectId = objectId;
        this.key = ObjectKeys.segment(topicId, baseSeq, objectId);
        this.indexKey = ObjectKeys.index(topicId, baseSeq, objectId);
    }

    @Override
    public long objectId() {
        return objectId;
    }

    String key() {
        return key;
    }

    @Override
    public Resident open(boolean mayFetch) throws IOException {
        return cache.open(key, indexKey, baseSeq, bytes, count, mayFetch);
    }

    @Override
    public void fetchAround(int number) throws IOException {
        cache.fetchAround(cache.open(key, indexKey, baseSeq, bytes, count, true), number);
    }

    @Override
    public void fetchAll() throws IOException {
        cache.fetchAll(cache.open(key, indexKey, baseSeq, bytes, count, true));
    }
}
