package dev.seqlog.core.internal.topic;

import dev.seqlog.core.internal.segment.LongList;
import dev.seqlog.core.internal.segment.RecordLayout;
import dev.seqlog.core.internal.segment.RecordStore;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.core.internal.format.AppendBody;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The records of one topic instance and the mechanics that remove them: the segment store, the tag
 * index, the live count and bytes, cap eviction, TTL expiry, seq and tag deletes, and the reclamation of
 * segments with no live record (SEMANTICS §7, §8). Everything below E is non-live by definition, so
 * eviction, expiry and seq deletes only move E; tag deletes above E flag records in place.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class LiveRecords {
    private final RecordStore store;
    private final TagIndex tags = new TagIndex();
    private final TopicLog.Accounting accounting;
    private final Watermarks w;
    private long count;
    private long bytes;
    /** Hears of every record removed individually above E (a queue's lease state), or null. */
    java.util.function.LongConsumer removals;

    // results of sumLive, valid right after a call
    private long tallyCount;
    private long tallyBytes;
    private long tallyHighest;

    LiveRecords(RecordStore store, TopicLog.Accounting accounting, Watermarks w) {
        this.store = store;
        this.accounting = accounting;
        this.w = w;
    }

    RecordStore store() {
        return store;
    }

    long count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    /** Copies a batch into the store at {@code first} (= H + 1) and advances H. */
    void append(long first, long ts, EncodedBatch batch) {
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            RecordInput r = batch.records.get(i);
            long seq = first + i;
            store.append(seq, ts, AppendBody.CLIENT_HOPS, batch.nodes[i], batch.tags[i], r.dataArray(), r.dataOffset(), r.dataLength(),
                    r.meta());
            if (r.tag() != null) {
                tags.add(r.tag(), seq);
            }
        }
        w.head += n;
        count += n;
        bytes += batch.totalBytes;
    }

    /**
     * Re-applies the records of a logged APPEND frame body (one that passed {@link AppendBody#check}); seqs at or
     * below H are already present and skipped.
     */
    void appendLogged(long firstSeq, long ts, ByteBuffer body) {
        accounting.admitReplayed(appendFramed(firstSeq, ts, body));
    }

    /**
     * Copies the records of an APPEND or FORWARD body into the store from {@code firstSeq} on, skipping seqs at or
     * below H, and advances H; the caller accounts the bytes.
     *
     * @return the accounted bytes added
     */
    long appendFramed(long firstSeq, long ts, ByteBuffer body) {
        AppendBody.Reader r = new AppendBody.Reader().wrap(body);
        long added = 0;
        int addedCount = 0;
        for (long seq = firstSeq; r.next(); seq++) {
            if (seq > w.head) {
                store.appendLaidOut(seq, ts, body, r.fieldsOffset(), r.fieldsLength());
                if (r.tagLength() > 0) {
                    byte[] t = new byte[r.tagLength()];
                    body.get(r.tagOffset(), t);
                    tags.add(new String(t, StandardCharsets.UTF_8), seq);
                }
                w.head = seq;
                addedCount++;
                added += r.accountedSize();
            }
        }
        count += addedCount;
        bytes += added;
        return added;
    }

    /** Evicts the oldest live records until both caps hold (SEMANTICS §7.1). */
    void evictToCaps(long capRecords, long capBytes) {
        boolean evicted = false;
        while (overCap(capRecords, capBytes)) {
            // E is live here: walk its segment in place rather than searching for every evicted seq
            Segment seg = store.get(store.find(w.earliest));
            long end = seg.endSeq();
            if (w.earliest == seg.baseSeq && evictsWhole(seg, capRecords, capBytes)) {
                // every record of the segment goes: account for them at once, then drop the segment
                count -= seg.undeletedCount();
                bytes -= seg.undeletedBytes();
                accounting.release(seg.undeletedBytes());
                w.capFloor = Math.max(w.capFloor, highestUndeleted(seg) + 1);
                w.earliest = end;
                advanceEarliest();
                evicted = true;
                continue;
            }
            long s = w.earliest;
            for (; s < end && overCap(capRecords, capBytes); s++) {
                if (!seg.isDeleted(s)) {
                    long size = seg.accountedSize(s);
                    count--;
                    bytes -= size;
                    accounting.release(size);
                    w.capFloor = s + 1;
                }
            }
            w.earliest = s;
            advanceEarliest();
            evicted = true;
        }
        if (evicted) {
            afterFloorMoved();
        }
    }

    /** Whether the caps still hold no more than the records after {@code seg} once all of it is gone. */
    private boolean evictsWhole(Segment seg, long capRecords, long capBytes) {
        return (capRecords > 0 && count - seg.undeletedCount() >= capRecords)
                || (capBytes > 0 && bytes - seg.undeletedBytes() >= capBytes);
    }

    /** The highest seq of {@code seg} not deleted, or baseSeq - 1. */
    private static long highestUndeleted(Segment seg) {
        long h = seg.endSeq() - 1;
        if (seg.undeletedCount() == 0) {
            return seg.baseSeq - 1;
        }
        while (seg.isDeleted(h)) {
            h--;
        }
        return h;
    }

    private boolean overCap(long capRecords, long capBytes) {
        return (capRecords > 0 && count > capRecords) || (capBytes > 0 && bytes > capBytes);
    }

    /** The highest seq whose ts is below {@code cutoff}, or E - 1 if none (ts never decrease in seq). */
    long lastWithTsBelow(long cutoff) {
        long last = w.earliest - 1;
        int i = store.find(w.earliest);
        for (i = i < 0 ? -i - 1 : i; i < store.size(); i++) {
            Segment seg = store.get(i);
            if (seg.lastTs() < cutoff) {
                last = seg.endSeq() - 1;
            } else {
                return Math.max(last, seg.lastSeqWithTsBelow(cutoff));
            }
        }
        return last;
    }

    /** Makes every live record at or below {@code last} expired, raising the TTL floor (SEMANTICS §7.2). */
    void expireThrough(long last) {
        last = Math.min(last, w.head);
        if (last < w.earliest) {
            return;
        }
        sumLive(w.earliest, last + 1);
        count -= tallyCount;
        bytes -= tallyBytes;
        accounting.release(tallyBytes);
        if (tallyCount > 0) {
            w.ttlFloor = Math.max(w.ttlFloor, tallyHighest + 1);
        }
        w.earliest = last + 1;
        advanceEarliest();
        afterFloorMoved();
    }

    /**
     * Deletes live records below {@code bound}, all of them or those whose tag matches (SEMANTICS §8).
     *
     * @return how many stopped being live
     */
    long delete(long bound, TagMatch match) {
        long deleted = 0;
        if (match == null) {
            if (bound > w.earliest) {
                sumLive(w.earliest, bound);
                deleted = tallyCount;
                count -= tallyCount;
                bytes -= tallyBytes;
                accounting.release(tallyBytes);
                w.earliest = bound;
                advanceEarliest();
            }
        } else {
            deleted = deleteTagged(match, bound);
            dropFullyDeleted();
        }
        store.dropBelow(w.earliest, this::forgetTagsOf);
        return deleted;
    }

    private long deleteTagged(TagMatch match, long bound) {
        long deleted = 0;
        for (Map.Entry<String, LongList> e : tags.match(match.prefix(), match.value())) {
            LongList list = e.getValue();
            int k = list.countBelow(bound);
            for (int j = 0; j < k; j++) {
                long s = list.get(j);
                if (s < w.earliest) {
                    continue;
                }
                if (removeOne(s)) {
                    deleted++;
                }
            }
            tags.removeFirst(e.getKey(), list, k);
        }
        if (deleted > 0) {
            advanceEarliest();
        }
        return deleted;
    }

    /**
     * Deletes individual live records (a queue's acks and dead-letter moves); seqs not live are ignored.
     *
     * @return how many stopped being live
     */
    long deleteSeqs(long[] seqs, int n) {
        long deleted = 0;
        for (int k = 0; k < n; k++) {
            long s = seqs[k];
            if (s < w.earliest || s > w.head) {
                continue;
            }
            if (removeOne(s)) {
                deleted++;
            }
        }
        if (deleted > 0) {
            advanceEarliest();
            dropFullyDeleted();
            store.dropBelow(w.earliest, this::forgetTagsOf);
        }
        return deleted;
    }

    /** Flags one record at or above E deleted and takes it out of the totals; false if it was not live. */
    private boolean removeOne(long s) {
        int i = store.find(s);
        long size = i < 0 ? -1 : store.get(i).markDeleted(s);
        if (size < 0) {
            return false;
        }
        count--;
        bytes -= size;
        accounting.release(size);
        if (removals != null) {
            removals.accept(s);
        }
        return true;
    }

    /** Drops every record and releases the storage (topic delete, or an ephemeral topic's restart). */
    void clear() {
        accounting.release(bytes);
        store.clear();
        tags.clear();
        count = 0;
        bytes = 0;
    }

    int segmentCount() {
        return store.size();
    }

    int tagCount() {
        return tags.tagCount();
    }

    /** Moves E forward from its current value to the lowest live seq (or H + 1). */
    private void advanceEarliest() {
        long s = w.earliest;
        while (s <= w.head) {
            int i = store.find(s);
            if (i < 0) {
                s = store.baseAfterGap(i, w.head + 1);
                continue;
            }
            Segment seg = store.get(i);
            long end = seg.endSeq();
            if (seg.undeletedCount() == 0) {
                s = end;
                continue;
            }
            while (s < end && seg.isDeleted(s)) {
                s++;
            }
            if (s < end) {
                break;
            }
        }
        w.earliest = Math.min(s, w.head + 1);
    }

    /** After E moved through eviction or expiry: forget loss ranges below F and free segments below E. */
    private void afterFloorMoved() {
        w.losses.trimBelow(w.floor());
        store.dropBelow(w.earliest, this::forgetTagsOf);
    }

    /** Frees sealed segments whose every record is deleted (§7.4); only tag deletes can cause that. */
    private void dropFullyDeleted() {
        for (int i = store.size() - 1; i >= 0; i--) {
            Segment seg = store.get(i);
            if (seg.isSealed() && seg.undeletedCount() == 0) {
                // its records were removed by tag deletes, which already took them out of the tag index
                store.remove(i, s -> { });
            }
        }
    }

    /**
     * Takes the live totals restored from a snapshot, or recounts them from the segments' delete flags,
     * and rebuilds the tag index from the restored segments that hold tagged records. A damaged segment is
     * left out of the index (reads of it fail on their own) rather than stopping start-up.
     */
    void restore(long liveCount, long liveBytes, boolean recount) {
        if (recount) {
            for (int i = 0; i < store.size(); i++) {
                recountSegment(store.get(i));
            }
            sumLive(w.earliest, w.head + 1);
            liveCount = tallyCount;
            liveBytes = tallyBytes;
        }
        count = liveCount;
        bytes = liveBytes;
        accounting.admitReplayed(liveBytes);
        for (int i = 0; i < store.size(); i++) {
            Segment seg = store.get(i);
            if (seg.taggedCount() > 0) {
                try {
                    indexTags(seg);
                } catch (SeqlogException damaged) {
                    if ("storage_error".equals(damaged.detail().get("reason"))) {
                        // a tiered segment the store could not return: an index without its tags would make
                        // tag reads and deletes skip records, so start-up stops and says why
                        throw damaged;
                    }
                    // logged by the segment; its records are unreadable until the file is restored
                }
            }
        }
    }

    private static void recountSegment(Segment seg) {
        try {
            seg.recountFromFlags();
        } catch (SeqlogException damaged) {
            // logged by the segment; the image's totals stay
        }
    }

    private void indexTags(Segment seg) {
        ByteBuffer b = seg.buffer();
        for (long s = Math.max(seg.baseSeq, w.earliest); s < seg.endSeq(); s++) {
            int at = seg.offsetOf(s);
            int len = RecordLayout.tagLength(b, at);
            if (len > 0 && !seg.deletedAt(s, at)) {
                byte[] t = new byte[len];
                b.get(RecordLayout.tagOffset(b, at), t);
                tags.add(new String(t, StandardCharsets.UTF_8), s);
            }
        }
    }

    private void forgetTagsOf(Segment seg) {
        if (seg.taggedCount() == 0) {
            return;
        }
        ByteBuffer b = seg.buffer();
        long end = seg.endSeq();
        for (long s = seg.baseSeq; s < end; s++) {
            int at = seg.offsetOf(s);
            int len = RecordLayout.tagLength(b, at);
            if (len > 0) {
                byte[] t = new byte[len];
                b.get(RecordLayout.tagOffset(b, at), t);
                tags.forgetBelow(new String(t, StandardCharsets.UTF_8), end);
            }
        }
    }

    /** Tallies live (not deleted, not below E) records in {@code [from, to)} into the tally fields. */
    private void sumLive(long from, long to) {
        tallyCount = 0;
        tallyBytes = 0;
        tallyHighest = from - 1;
        long s = Math.max(from, w.earliest);
        while (s < to) {
            int i = store.find(s);
            if (i < 0) {
                s = store.baseAfterGap(i, to);
                continue;
            }
            Segment seg = store.get(i);
            long end = Math.min(seg.endSeq(), to);
            if (s == seg.baseSeq && end == seg.endSeq()) {
                // the whole segment lies at or above E: its undeleted totals are exactly its live totals
                tallyCount += seg.undeletedCount();
                tallyBytes += seg.undeletedBytes();
                if (seg.undeletedCount() > 0) {
                    long h = end - 1;
                    while (seg.isDeleted(h)) {
                        h--;
                    }
                    tallyHighest = Math.max(tallyHighest, h);
                }
            } else {
                for (; s < end; s++) {
                    if (!seg.isDeleted(s)) {
                        tallyCount++;
                        tallyBytes += seg.accountedSize(s);
                        tallyHighest = s;
                    }
                }
            }
            s = end;
        }
    }
}
