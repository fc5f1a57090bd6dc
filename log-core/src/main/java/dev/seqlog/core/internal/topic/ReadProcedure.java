package dev.seqlog.core.internal.topic;

import dev.seqlog.core.internal.segment.RecordLayout;
import dev.seqlog.core.internal.segment.RecordStore;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.segment.SegmentNotResident;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TombstoneReason;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The read procedure of SEMANTICS §6.2 over one topic's watermarks and records: the recreated, floor and
 * loss-range steps, then a scan that skips whole runs of non-live seqs in one step and stops before the
 * next interior loss range.
 *
 * <p>Stateless; the caller holds the topic's lock for the duration of a read.
 */
final class ReadProcedure {
    /** Individually examined seqs one read may skip before it returns, a bound on a single call's work. */
    static final int MAX_SKIPPED_PER_READ = 1 << 20;

    private ReadProcedure() {
    }

    static DiffResult read(Watermarks w, RecordStore store, boolean dedupeNode, DiffRequest req, int limit,
                           RecordSink sink) {
        return read(w, store, dedupeNode, req, limit, sink, false);
    }

    /**
     * @param streamStart whether this is a stream's first read of the topic: a floor gap then has reason
     *                    {@code from_seq_too_old} (SEMANTICS §6.4)
     */
    static DiffResult read(Watermarks w, RecordStore store, boolean dedupeNode, DiffRequest req, int limit,
                           RecordSink sink, boolean streamStart) {
        final long h = w.visibleHead;
        final long e = w.visibleEarliest();
        long c = req.fromSeq();
        Tombstone tomb = null;
        if (c > h) {
            tomb = new Tombstone(1, e - 1, TombstoneReason.RECREATED, e - 1, e, h);
            c = e - 1;
        } else if (c + 1 < Math.min(w.floor(), h + 1)) {
            TombstoneReason why = streamStart ? TombstoneReason.FROM_SEQ_TOO_OLD : reason(w, c + 1, e - 1, true);
            tomb = new Tombstone(c + 1, e - 1, why, e - 1 - c, e, h);
            c = e - 1;
        } else if (w.losses.containing(c + 1) != null) {
            long n = Math.min(firstLiveAfter(w, store, c), h + 1);
            tomb = new Tombstone(c + 1, n - 1, reason(w, c + 1, n - 1, false), missedInLosses(w, c + 1, n - 1), e, h);
            c = n - 1;
        }

        byte[][] nodes = dedupeNode && !req.nodes().isEmpty() ? encode(req.nodes()) : null;
        RecordViewImpl view = new RecordViewImpl(req.includeTags(), req.includeMeta());
        long budget = req.maxBatchBytes();
        long examined = c;
        long scanned = 0;
        int delivered = 0;
        int skipped = 0;
        long acc = 0;
        long s = c + 1;
        final long stop = Math.min(h + 1, w.losses.nextStartAtOrAfter(s)); // never read into a loss range
        scan:
        while (s < stop) {
            long to;
            if (s < e) {
                to = Math.min(e, stop); // only deleted seqs lie in [F, E) outside loss ranges
            } else {
                int i = store.find(s);
                if (i < 0) {
                    to = Math.min(store.baseAfterGap(i, stop), stop);
                } else {
                    Segment seg = store.get(i);
                    to = Math.min(seg.endSeq(), stop);
                    if (seg.undeletedCount() > 0) {
                        ByteBuffer b = null;
                        for (; s < to; s++) {
                            if (!seg.readable(s)) {
                                if (delivered > 0) {
                                    break scan; // a page may end early: the reader's next read fetches on
                                }
                                throw new SegmentNotResident(seg, s);
                            }
                            b = seg.readBuffer(); // the same buffer unless a chunk fetched since was mapped
                            int at = seg.offsetOf(s);
                            examined = s;
                            scanned++;
                            if (seg.deletedAt(s, at) || (nodes != null && nodeIn(b, at, nodes))) {
                                if (++skipped >= MAX_SKIPPED_PER_READ) {
                                    break scan;
                                }
                                continue;
                            }
                            sink.accept(view.position(b, at, s));
                            delivered++;
                            acc += RecordLayout.accountedSize(b, at);
                            if (delivered >= limit || acc >= budget) {
                                break scan;
                            }
                        }
                        continue;
                    }
                }
            }
            scanned += to - s;
            examined = to - 1;
            s = to;
        }
        return new DiffResult(List.of(), delivered, examined, h, e, tomb, scanned);
    }

    /** The tombstone reason for {@code [from, to]} (SEMANTICS §6.4). */
    private static TombstoneReason reason(Watermarks w, long from, long to, boolean floorCauses) {
        TombstoneReason only = null;
        int causes = 0;
        if (floorCauses) {
            if (w.capFloor > from) {
                only = TombstoneReason.CAP;
                causes++;
            }
            if (w.ttlFloor > from) {
                only = TombstoneReason.TTL;
                causes++;
            }
            if (w.restartFloor > from) {
                only = TombstoneReason.RESTART;
                causes++;
            }
        }
        for (LossRanges.Range r : w.losses.intersecting(from, to)) {
            if (only != r.reason) {
                only = r.reason;
                causes++;
            }
        }
        return causes == 1 ? only : TombstoneReason.MIXED;
    }

    private static long missedInLosses(Watermarks w, long from, long to) {
        long missed = 0;
        for (LossRanges.Range r : w.losses.intersecting(from, to)) {
            missed += r.missed;
        }
        return missed;
    }

    /** The lowest live seq above {@code c}, or H + 1. */
    private static long firstLiveAfter(Watermarks w, RecordStore store, long c) {
        long s = c + 1;
        if (s <= w.earliest) {
            return w.earliest;
        }
        while (s <= w.head) {
            LossRanges.Range r = w.losses.containing(s);
            if (r != null) {
                s = r.to + 1;
                continue;
            }
            int i = store.find(s);
            if (i < 0) {
                s = store.baseAfterGap(i, w.head + 1);
                continue;
            }
            Segment seg = store.get(i);
            for (long end = seg.endSeq(); s < end; s++) {
                if (!seg.isDeleted(s)) {
                    return s;
                }
            }
        }
        return w.head + 1;
    }

    private static boolean nodeIn(ByteBuffer b, int at, byte[][] nodes) {
        int len = RecordLayout.nodeLength(b, at);
        if (len == 0) {
            return false;
        }
        int off = RecordLayout.nodeOffset(at);
        for (byte[] n : nodes) {
            if (n.length == len && equalBytes(b, off, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalBytes(ByteBuffer b, int off, byte[] n) {
        for (int i = 0; i < n.length; i++) {
            if (b.get(off + i) != n[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] encode(Set<String> nodes) {
        byte[][] out = new byte[nodes.size()][];
        int i = 0;
        for (String n : nodes) {
            out[i++] = n.getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
