package dev.seqlog.core.internal.topic;

import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.IdempotencySection;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Idempotency key → seqs of the write that first used it, for the topic's window (SEMANTICS §10). Entries
 * are kept in commit order, so expired ones are always at the front and eviction is prompt.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class IdempotencyMap {
    /** The remembered outcome of a keyed write. */
    static final class Entry {
        final long firstSeq;
        final long lastSeq;
        final long commitMs;

        Entry(long firstSeq, long lastSeq, long commitMs) {
            this.firstSeq = firstSeq;
            this.lastSeq = lastSeq;
            this.commitMs = commitMs;
        }
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /** The live entry for {@code key}, after forgetting every entry older than the window. */
    Entry get(String key, long nowMs, long windowMs) {
        evict(nowMs, windowMs);
        Entry e = entries.get(key);
        if (e != null && nowMs - e.commitMs >= windowMs) {
            // commit order is only roughly time order when the clock jumped back: check the entry itself
            entries.remove(key);
            return null;
        }
        return e;
    }

    void put(String key, long firstSeq, long lastSeq, long nowMs) {
        entries.remove(key);
        entries.put(key, new Entry(firstSeq, lastSeq, nowMs));
    }

    void remove(String key) {
        entries.remove(key);
    }

    void evict(long nowMs, long windowMs) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (nowMs - e.commitMs < windowMs) {
                return;
            }
            it.remove();
        }
    }

    /**
     * @param topicId the topic id
     * @return the entries as an IdempotencySection content, in commit order
     */
    java.nio.ByteBuffer capture(long topicId) {
        IdempotencySection.Builder b = new IdempotencySection.Builder(topicId, entries.size());
        entries.forEach((k, e) -> b.add(k, e.firstSeq, e.lastSeq, e.commitMs));
        return b.build();
    }

    /**
     * Puts back what {@link #capture} kept (recovery of an engine with an external log).
     *
     * @param content an IdempotencySection content
     * @throws CorruptionException if it does not parse
     */
    void restore(java.nio.ByteBuffer content) throws CorruptionException {
        IdempotencySection.read(content, (key, first, last, commitMs) -> put(key, first, last, commitMs));
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }
}
