package dev.seqlog.core.internal.topic;

import dev.seqlog.core.internal.segment.LongList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tag → ascending seqs of the records carrying it (SEMANTICS §8.3), so tag deletes never scan the log.
 * Entries for records that stopped being live are dropped lazily: a reader of the index checks liveness,
 * and the entries of a dropped segment are removed when it goes.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class TagIndex {
    private final TreeMap<String, LongList> bySeq = new TreeMap<>();

    void add(String tag, long seq) {
        bySeq.computeIfAbsent(tag, t -> new LongList()).add(seq);
    }

    /** The seq lists matching an exact tag or a tag prefix. */
    List<Map.Entry<String, LongList>> match(boolean prefix, String value) {
        List<Map.Entry<String, LongList>> out = new ArrayList<>();
        if (!prefix) {
            LongList l = bySeq.get(value);
            if (l != null) {
                out.add(Map.entry(value, l));
            }
            return out;
        }
        // Prefix test rather than an upper key bound: String order is UTF-16 order, not byte order.
        for (Map.Entry<String, LongList> e : bySeq.tailMap(value, true).entrySet()) {
            if (!e.getKey().startsWith(value)) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** Removes the first {@code n} seqs of {@code tag}'s list, and the list when it empties. */
    void removeFirst(String tag, LongList list, int n) {
        list.removeFirst(n);
        if (list.isEmpty()) {
            bySeq.remove(tag);
        }
    }

    /** Forgets every entry below {@code seq} for {@code tag} (called per record of a dropped segment). */
    void forgetBelow(String tag, long seq) {
        LongList l = bySeq.get(tag);
        if (l != null) {
            removeFirst(tag, l, l.countBelow(seq));
        }
    }

    int tagCount() {
        return bySeq.size();
    }

    void clear() {
        bySeq.clear();
    }
}
