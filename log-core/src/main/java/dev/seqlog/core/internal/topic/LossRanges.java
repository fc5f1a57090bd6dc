package dev.seqlog.core.internal.topic;

import dev.seqlog.api.TombstoneReason;

import java.util.Map;
import java.util.TreeMap;

/**
 * The interior involuntary-loss ranges of a topic instance (SEMANTICS §5.4): disjoint inclusive ranges of
 * seqs that hold no record, each with a reason and an estimate of the records it stands for.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class LossRanges {
    /** One range {@code [from, to]}. */
    static final class Range {
        final long from;
        final long to;
        final TombstoneReason reason;
        final long missed;

        Range(long from, long to, TombstoneReason reason, long missed) {
            this.from = from;
            this.to = to;
            this.reason = reason;
            this.missed = missed;
        }
    }

    private final TreeMap<Long, Range> byStart = new TreeMap<>();

    boolean isEmpty() {
        return byStart.isEmpty();
    }

    void add(long from, long to, TombstoneReason reason, long missed) {
        byStart.put(from, new Range(from, to, reason, missed));
    }

    /** The range containing {@code seq}, or null. */
    Range containing(long seq) {
        if (byStart.isEmpty()) {
            return null;
        }
        Map.Entry<Long, Range> e = byStart.floorEntry(seq);
        return e != null && e.getValue().to >= seq ? e.getValue() : null;
    }

    /** Start of the first range beginning at or after {@code seq}, or {@code Long.MAX_VALUE}. */
    long nextStartAtOrAfter(long seq) {
        if (byStart.isEmpty()) {
            return Long.MAX_VALUE;
        }
        Long k = byStart.ceilingKey(seq);
        return k == null ? Long.MAX_VALUE : k;
    }

    /** Ranges intersecting {@code [from, to]}, in order. */
    Iterable<Range> intersecting(long from, long to) {
        Long start = byStart.floorKey(from);
        return byStart.subMap(start == null ? from : start, true, to, true).values().stream()
                .filter(r -> r.to >= from)::iterator;
    }

    /** Forgets ranges entirely below {@code floor} and trims one that straddles it. */
    void trimBelow(long floor) {
        while (!byStart.isEmpty()) {
            Map.Entry<Long, Range> e = byStart.firstEntry();
            Range r = e.getValue();
            if (r.from >= floor) {
                return;
            }
            byStart.pollFirstEntry();
            if (r.to >= floor) {
                byStart.put(floor, new Range(floor, r.to, r.reason, r.missed));
                return;
            }
        }
    }

    /** Every range, in order. */
    Iterable<Range> all() {
        return byStart.values();
    }

    void clear() {
        byStart.clear();
    }
}
