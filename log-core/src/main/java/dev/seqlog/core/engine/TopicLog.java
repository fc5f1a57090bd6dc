package dev.seqlog.core.engine;

import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One topic instance: its configuration, records, watermarks (H, E, the three sub-floors of F and the
 * interior loss ranges), tag index, idempotency map and head waiters. Implements the semantics of
 * SEMANTICS.md §3–§10 for one instance.
 *
 * <p>Durability: every operation is applied to the in-memory state in the order it is logged, so
 * replaying the log reproduces the state exactly. Readers see records only up to the visible head,
 * which passes a write once its acknowledgement condition holds (its flush for {@code fsync}, a
 * durable seq reservation for {@code disk} and {@code ephemeral}) and that of every earlier write.
 *
 * <p>Thread-safe: every operation runs under the instance's lock; waiters are completed after it is
 * released, and flush waits happen outside it.
 */
public final class TopicLog {
    /** Individually examined seqs one read may skip before it returns, a bound on a single call's work. */
    static final int MAX_SKIPPED_PER_READ = 1 << 20;
    /** Seqs covered by one durable reservation; a new one is requested when half is used. */
    static final long RESERVATION_BLOCK = 8192;

    /** Global accounting of live bytes across topics, for the total-bytes quota. */
    public interface Accounting {
        /**
         * Reserves bytes for a write.
         *
         * @param bytes accounted bytes about to become live
         * @return false if the quota would be exceeded
         */
        boolean reserve(long bytes);

        /**
         * Gives back bytes that stopped being live.
         *
         * @param bytes accounted bytes
         */
        void release(long bytes);

        /**
         * Counts bytes recovered from the log; they were admitted before the restart, so no quota check.
         *
         * @param bytes accounted bytes
         */
        void admitReplayed(long bytes);
    }

    /** The outcome of an append under the lock; {@code null} from {@link #append} means the instance ended. */
    public static final class Appended {
        /** First seq of the write (the original one when deduplicated). */
        public final long firstSeq;
        /** Last seq of the write. */
        public final long lastSeq;
        /** Head after the call. */
        public final long head;
        /** Whether an idempotency key matched. */
        public final boolean deduped;
        /** Journal ticket to wait for before the write is visible, or 0 if it already is. */
        public final long gate;

        Appended(long firstSeq, long lastSeq, long head, boolean deduped, long gate) {
            this.firstSeq = firstSeq;
            this.lastSeq = lastSeq;
            this.head = head;
            this.deduped = deduped;
            this.gate = gate;
        }
    }

    /** A write applied but not yet visible: visible once {@code gate} is durable. */
    private static final class Pending {
        final long lastSeq;
        final long gate;

        Pending(long lastSeq, long gate) {
            this.lastSeq = lastSeq;
            this.gate = gate;
        }
    }

    private final String name;
    private final long epoch;
    private final Journal journal;
    private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final RecordStore store;
    private final TagIndex tags = new TagIndex();
    private final IdempotencyMap idempotency = new IdempotencyMap();
    private final LossRanges losses = new LossRanges();
    private final HeadWaiters waiters = new HeadWaiters();
    private final Accounting accounting;

    private TopicConfig config;
    /** Highest seq assigned and applied (H of the log order). */
    private long head;
    /** Highest seq readers may see. */
    private long visibleHead;
    private long reservationRequested;
    private long reservationTicket;
    private long reservationDurable;
    /** The last reservation seen while replaying, or -1. */
    private long replayedReservation = -1;
    private boolean replaying;
    private long earliest = 1;
    private long capFloor = 1;
    private long ttlFloor = 1;
    private long restartFloor = 1;
    private long count;
    private long bytes;
    private long lastTs = Long.MIN_VALUE;
    private Long lastWriteTs;
    private Long lastReadTs;
    private boolean ended;

    // scratch results of sumLive, valid right after a call under the lock
    private long tallyCount;
    private long tallyBytes;
    private long tallyHighest;

    /**
     * @param name the topic name
     * @param epoch the instance epoch, unique per instance of a name
     * @param config the resolved configuration
     * @param pool segment buffers
     * @param segmentMaxRecords records per segment
     * @param segmentMaxBytes bytes per segment
     * @param accounting global live-bytes accounting
     * @param journal where operations are logged
     */
    public TopicLog(String name, long epoch, TopicConfig config, BufferPool pool, int segmentMaxRecords,
                    int segmentMaxBytes, Accounting accounting, Journal journal) {
        this.name = name;
        this.epoch = epoch;
        this.config = config;
        this.journal = journal;
        this.store = new RecordStore(pool, segmentMaxRecords, segmentMaxBytes);
        this.accounting = accounting;
    }

    /** @return the topic name */
    public String name() {
        return name;
    }

    /** @return the instance epoch */
    public long epoch() {
        return epoch;
    }

    /** @return the configuration in force */
    public TopicConfig config() {
        lock.lock();
        try {
            return config;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ append

    /**
     * Appends a validated batch atomically (SEMANTICS §4, §7.1, §10).
     *
     * @param batch the records
     * @param now the clock reading
     * @return the outcome, or null if this instance was deleted meanwhile (the caller retries)
     */
    public Appended append(EncodedBatch batch, long now) {
        List<CompletableFuture<Long>> wake;
        Appended out;
        lock.lock();
        try {
            if (ended) {
                return null;
            }
            journal.checkWritable();
            expire(now);
            String key = batch.idempotencyKey;
            long window = config.idempotencyWindowMs();
            if (key != null && window > 0) {
                IdempotencyMap.Entry e = idempotency.get(key, now, window);
                if (e != null) {
                    // the original may still await its flush: the duplicate answers no earlier than it
                    long gate = e.lastSeq > visibleHead && !pending.isEmpty() ? pending.peekLast().gate : 0;
                    return new Appended(e.firstSeq, e.lastSeq, visibleHead, true, gate);
                }
            }
            int n = batch.size();
            if (config.discard() == Discard.REJECT) {
                checkFits(n, batch.totalBytes);
            }
            if (!accounting.reserve(batch.totalBytes)) {
                throw new SeqlogException(ErrorCode.THROTTLED, "the total live bytes quota is exhausted")
                        .with("limit", "max_total_bytes");
            }
            long ts = Math.max(now, lastTs);
            long first = head + 1;
            long gate;
            try {
                gate = log(first, ts, batch);
            } catch (RuntimeException e) {
                accounting.release(batch.totalBytes);
                throw e;
            }
            applyAppend(first, ts, batch);
            lastWriteTs = ts;
            if (key != null && window > 0) {
                idempotency.put(key, first, head, now);
            }
            gate = gateBehindPending(gate);
            if (gate == 0) {
                visibleHead = head;
            } else {
                pending.addLast(new Pending(head, gate));
            }
            out = new Appended(first, head, head, false, gate);
            wake = gate != 0 || waiters.isEmpty() ? List.of() : waiters.takeSatisfied(visibleHead);
        } finally {
            lock.unlock();
        }
        HeadWaiters.complete(wake, out.head);
        return out;
    }

    /** Logs an append per the topic's class and returns the ticket its visibility waits for, or 0. */
    private long log(long first, long ts, EncodedBatch batch) {
        if (!journal.enabled()) {
            return 0;
        }
        Durability cls = config.durability();
        long last = first + batch.size() - 1;
        long gate = cls == Durability.DISK || cls == Durability.EPHEMERAL ? reserveThrough(last) : 0;
        if (cls != Durability.EPHEMERAL) {
            long t = journal.submit(epoch, WalOps.append(epoch, first, ts, batch), cls == Durability.FSYNC);
            if (cls == Durability.FSYNC) {
                gate = t;
            }
        }
        return gate;
    }

    /**
     * Makes sure a durable reservation covers {@code last} (SEMANTICS §4.2), requesting the next block
     * ahead of need.
     *
     * @return the ticket to wait for, or 0 if a durable reservation already covers it
     */
    private long reserveThrough(long last) {
        if (last > reservationRequested - RESERVATION_BLOCK / 2) {
            reservationRequested = last + RESERVATION_BLOCK;
            reservationTicket = journal.submit(epoch, WalOps.reserve(epoch, reservationRequested), true);
        }
        if (last <= reservationDurable) {
            return 0;
        }
        if (journal.isDurable(epoch, reservationTicket)) {
            reservationDurable = reservationRequested;
            return 0;
        }
        return reservationTicket;
    }

    /** A write queued behind one that is not yet visible waits for that one too. */
    private long gateBehindPending(long gate) {
        return pending.isEmpty() ? gate : Math.max(gate, pending.peekLast().gate);
    }

    /** Copies a batch into the store at {@code first} and applies cap eviction. */
    private void applyAppend(long first, long ts, EncodedBatch batch) {
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            RecordInput r = batch.records.get(i);
            long seq = first + i;
            store.append(seq, ts, 0, batch.nodes[i], batch.tags[i], r.dataArray(), r.dataOffset(),
                    r.dataLength(), r.meta());
            if (r.tag() != null) {
                tags.add(r.tag(), seq);
            }
        }
        head += n;
        count += n;
        bytes += batch.totalBytes;
        lastTs = ts;
        if (config.discard() == Discard.OLD) {
            evictToCaps();
        }
    }

    /**
     * Makes writes whose gate is durable visible, in seq order, after the caller waited for
     * {@code gate}.
     *
     * @param gate the ticket the caller waited for
     */
    public void publish(long gate) {
        List<CompletableFuture<Long>> wake;
        long h;
        lock.lock();
        try {
            while (!pending.isEmpty() && pending.peekFirst().gate <= gate) {
                visibleHead = pending.pollFirst().lastSeq;
            }
            h = visibleHead;
            wake = waiters.isEmpty() ? List.of() : waiters.takeSatisfied(h);
        } finally {
            lock.unlock();
        }
        HeadWaiters.complete(wake, h);
    }

    /**
     * Forgets the idempotency key of a write whose flush failed, so a retry is not answered with it.
     *
     * @param key the key, or null
     */
    public void forgetKey(String key) {
        if (key == null) {
            return;
        }
        lock.lock();
        try {
            idempotency.remove(key);
        } finally {
            lock.unlock();
        }
    }

    private void checkFits(int n, long batchBytes) {
        long capR = config.capRecords();
        long capB = config.capBytes();
        if ((capR > 0 && n > capR) || (capB > 0 && batchBytes > capB)) {
            throw new SeqlogException(ErrorCode.RECORD_TOO_LARGE, "the write can never fit this topic's caps")
                    .with("limit", capR > 0 && n > capR ? "cap_records" : "cap_bytes")
                    .with("max", capR > 0 && n > capR ? capR : capB)
                    .with("size", capR > 0 && n > capR ? n : batchBytes);
        }
        if ((capR > 0 && count + n > capR) || (capB > 0 && bytes + batchBytes > capB)) {
            throw new SeqlogException(ErrorCode.TOPIC_FULL, "topic \"" + name + "\" is full")
                    .with("cap_records", capR).with("cap_bytes", capB).with("count", count).with("bytes", bytes)
                    .with("head_seq", head).with("earliest_seq", earliest);
        }
    }

    /**
     * Appends an interior loss range of {@code n} seqs (SEMANTICS §5.4), as recovery and routers do.
     *
     * @param n seqs in the range, at least 1
     * @param reason restart or source_trim
     * @param missed records the range stands for
     */
    public void appendLossRange(long n, TombstoneReason reason, long missed) {
        List<CompletableFuture<Long>> wake;
        long h;
        lock.lock();
        try {
            addLoss(n, reason, missed);
            if (pending.isEmpty()) {
                visibleHead = head;
            } else {
                pending.addLast(new Pending(head, pending.peekLast().gate));
            }
            h = visibleHead;
            wake = waiters.takeSatisfied(h);
        } finally {
            lock.unlock();
        }
        HeadWaiters.complete(wake, h);
    }

    // --------------------------------------------------------------------------------------- retention

    /** Evicts the oldest live records until both caps hold (SEMANTICS §7.1). */
    private void evictToCaps() {
        long capR = config.capRecords();
        long capB = config.capBytes();
        boolean evicted = false;
        while ((capR > 0 && count > capR) || (capB > 0 && bytes > capB)) {
            long size = sizeAt(earliest);
            count--;
            bytes -= size;
            accounting.release(size);
            capFloor = earliest + 1;
            earliest++;
            advanceEarliest();
            evicted = true;
        }
        if (evicted) {
            afterFloorMoved();
        }
    }

    /** Expires every live record older than the TTL at {@code now} (SEMANTICS §7.2). Sticky. */
    private void expire(long now) {
        long ttl = config.ttlMs();
        if (ttl <= 0 || earliest > head || replaying) {
            return;
        }
        long cutoff = now - ttl; // expired iff now - ts > ttl, i.e. ts < cutoff
        long last = earliest - 1;
        int i = store.find(earliest);
        for (i = i < 0 ? -i - 1 : i; i < store.size(); i++) {
            Segment seg = store.get(i);
            if (seg.lastTs() < cutoff) {
                last = seg.endSeq() - 1;
            } else {
                last = Math.max(last, seg.lastSeqWithTsBelow(cutoff));
                break;
            }
        }
        if (last < earliest) {
            return;
        }
        if (journal.enabled() && config.durability() != Durability.EPHEMERAL) {
            try {
                journal.submit(epoch, WalOps.expire(epoch, last), false);
            } catch (SeqlogException readOnly) {
                // reads keep working in read-only mode; recovery re-applies TTL from the clock
            }
        }
        expireThrough(last);
    }

    /** Makes every live record at or below {@code last} expired. */
    private void expireThrough(long last) {
        last = Math.min(last, head);
        if (last < earliest) {
            return;
        }
        sumLive(earliest, last + 1);
        count -= tallyCount;
        bytes -= tallyBytes;
        accounting.release(tallyBytes);
        if (tallyCount > 0) {
            ttlFloor = Math.max(ttlFloor, tallyHighest + 1);
        }
        earliest = last + 1;
        advanceEarliest();
        afterFloorMoved();
    }

    /** Runs expiry now; called by the engine's once-per-second sweep. */
    public void expireNow(long now) {
        lock.lock();
        try {
            if (!ended) {
                expire(now);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies a new configuration; tightened caps and TTL take effect at once, for reject topics too.
     *
     * @param newConfig the resolved configuration
     * @param now the clock reading
     * @return the journal ticket to wait for before acknowledging (0 when nothing is logged), or -1 if this
     *         instance was deleted meanwhile
     */
    public long reconfigure(TopicConfig newConfig, long now) {
        lock.lock();
        try {
            if (ended) {
                return -1;
            }
            long ticket = 0;
            if (journal.enabled() && !replaying) {
                ticket = journal.submit(epoch, WalOps.config(epoch, newConfig), true);
            }
            config = newConfig;
            expire(now);
            evictToCaps();
            return ticket;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Logs this instance's creation (name, id, configuration); control state is flushed before it is
     * acknowledged.
     *
     * @return the ticket to wait for, or 0 when nothing is logged
     */
    public long logCreate() {
        lock.lock();
        try {
            return journal.enabled() ? journal.submit(epoch, WalOps.create(epoch, name, config), true) : 0;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ replay

    /** Enters replay: clock-driven expiry and logging stay off until {@link #finishRecovery()}. */
    public void beginReplay() {
        lock.lock();
        try {
            replaying = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-applies a logged append. {@code body} is positioned at the record count of an APPEND frame.
     *
     * @param firstSeq the first seq the write received
     * @param ts its commit time
     * @param body the frame body
     */
    public void replayAppend(long firstSeq, long ts, ByteBuffer body) {
        lock.lock();
        try {
            if (firstSeq > head + 1) {
                // records between were never logged (an ephemeral era) or lost: a restart loss
                addLoss(firstSeq - 1 - head, TombstoneReason.RESTART, firstSeq - 1 - head);
            }
            int n = body.getInt();
            long added = 0;
            int addedCount = 0;
            for (int i = 0; i < n; i++) {
                int at = body.position();
                int nodeLen = body.get(at + 1) & 0xFF;
                int tagLen = body.getShort(at + 2) & 0xFFFF;
                int dataLen = body.getInt(at + 4);
                int metaLen = body.getInt(at + 8);
                int fields = 12 + nodeLen + tagLen + dataLen + Math.max(metaLen, 0);
                long seq = firstSeq + i;
                if (seq > head) {
                    store.appendLaidOut(seq, ts, body, at, fields);
                    if (tagLen > 0) {
                        byte[] t = new byte[tagLen];
                        body.get(at + 12 + nodeLen, t);
                        tags.add(new String(t, StandardCharsets.UTF_8), seq);
                    }
                    head = seq;
                    addedCount++;
                    added += (long) dataLen + Math.max(metaLen, 0);
                }
                body.position(at + fields);
            }
            count += addedCount;
            bytes += added;
            accounting.admitReplayed(added);
            lastTs = Math.max(lastTs, ts);
            lastWriteTs = lastTs;
            if (config.discard() == Discard.OLD) {
                evictToCaps();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-applies a logged delete.
     *
     * @param bound seqs below it were eligible
     * @param match the logged match kind
     * @param value the tag or prefix
     */
    public void replayDelete(long bound, byte match, String value) {
        lock.lock();
        try {
            applyDelete(bound, match == WalOps.MATCH_NONE ? null
                    : new TagMatch(match == WalOps.MATCH_PREFIX, value));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-applies a logged expiry.
     *
     * @param upTo every live record at or below it expired
     */
    public void replayExpire(long upTo) {
        lock.lock();
        try {
            expireThrough(upTo);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-applies a logged configuration change.
     *
     * @param c the configuration
     */
    public void replayConfig(TopicConfig c) {
        lock.lock();
        try {
            config = c;
            evictToCaps();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Notes a logged seq reservation; the last one logged is the one that counts.
     *
     * @param through no seq above it was acknowledged
     */
    public void replayReserve(long through) {
        lock.lock();
        try {
            replayedReservation = through;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends replay and applies what the durability class says about a restart (SEMANTICS §4.2, §14.2): a
     * {@code disk} topic resumes at its reservation with the unrecovered span as a {@code restart} loss
     * range; an {@code ephemeral} topic keeps only its head, with a restart floor above it; a
     * {@code memory} topic resumes after its highest recovered seq.
     */
    public void finishRecovery() {
        lock.lock();
        try {
            Durability cls = config.durability();
            if (cls == Durability.EPHEMERAL) {
                long h = Math.max(head, replayedReservation);
                accounting.release(bytes);
                store.clear();
                tags.clear();
                losses.clear();
                count = 0;
                bytes = 0;
                head = h;
                earliest = h + 1;
                restartFloor = h + 1;
            } else if (cls != Durability.MEMORY && replayedReservation > head) {
                addLoss(replayedReservation - head, TombstoneReason.RESTART, replayedReservation - head);
            }
            visibleHead = head;
            reservationRequested = head;
            reservationDurable = head;
            replaying = false;
        } finally {
            lock.unlock();
        }
    }

    /** Appends a loss range of {@code n} seqs at the head; the caller holds the lock. */
    private void addLoss(long n, TombstoneReason reason, long missed) {
        boolean noneLive = earliest == head + 1;
        losses.add(head + 1, head + n, reason, missed);
        head += n;
        if (noneLive) {
            earliest = head + 1;
        }
    }

    /**
     * The exact head to persist at a clean shutdown, so no restart loss range appears after it; logs it as
     * the topic's final reservation.
     */
    public void logExactHead() {
        lock.lock();
        try {
            Durability cls = config.durability();
            if (!ended && journal.enabled() && (cls == Durability.DISK || cls == Durability.EPHEMERAL)) {
                journal.submit(epoch, WalOps.reserve(epoch, head), false);
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ delete

    /** The outcome of a delete, and the ticket its acknowledgement waits for (0 if none). */
    public static final class Deleted {
        /** Live records removed. */
        public final long deleted;
        /** E after. */
        public final long earliest;
        /** H after. */
        public final long head;
        /** Live records after. */
        public final long count;
        /** Live bytes after. */
        public final long bytes;
        /** Journal ticket to wait for, or 0. */
        public final long ticket;

        Deleted(long deleted, long earliest, long head, long count, long bytes, long ticket) {
            this.deleted = deleted;
            this.earliest = earliest;
            this.head = head;
            this.count = count;
            this.bytes = bytes;
            this.ticket = ticket;
        }
    }

    /**
     * Deletes records permanently, silently and point-in-time (SEMANTICS §8).
     *
     * @param req the selection
     * @param now the clock reading
     * @return the outcome
     * @throws SeqlogException topic_not_found if the instance ended
     */
    public Deleted delete(DeleteRequest req, long now) {
        lock.lock();
        try {
            if (ended) {
                throw SeqlogException.topicNotFound(name);
            }
            journal.checkWritable();
            expire(now);
            long bound = head + 1;
            if (req.beforeSeq() != null) {
                bound = Math.min(bound, req.beforeSeq());
            }
            long ticket = 0;
            if (journal.enabled() && config.durability() != Durability.EPHEMERAL) {
                byte match = req.match() == null ? WalOps.MATCH_NONE
                        : req.match().prefix() ? WalOps.MATCH_PREFIX : WalOps.MATCH_EQ;
                long t = journal.submit(epoch, WalOps.delete(epoch, bound, match,
                        req.match() == null ? null : req.match().value()), config.durability() == Durability.FSYNC);
                ticket = config.durability() == Durability.FSYNC ? t : 0;
            }
            long deleted = applyDelete(bound, req.match());
            return new Deleted(deleted, Math.min(earliest, visibleHead + 1), visibleHead, count, bytes, ticket);
        } finally {
            lock.unlock();
        }
    }

    private long applyDelete(long bound, TagMatch match) {
        long deleted = 0;
        if (match == null) {
            if (bound > earliest) {
                sumLive(earliest, bound);
                deleted = tallyCount;
                count -= tallyCount;
                bytes -= tallyBytes;
                accounting.release(tallyBytes);
                earliest = bound;
                advanceEarliest();
            }
        } else {
            deleted = deleteTagged(match, bound);
        }
        dropReclaimable();
        return deleted;
    }

    private long deleteTagged(TagMatch match, long bound) {
        long deleted = 0;
        for (Map.Entry<String, LongList> e : tags.match(match.prefix(), match.value())) {
            LongList list = e.getValue();
            int k = list.countBelow(bound);
            for (int j = 0; j < k; j++) {
                long s = list.get(j);
                if (s < earliest) {
                    continue;
                }
                int i = store.find(s);
                if (i >= 0) {
                    long size = store.get(i).markDeleted(s);
                    if (size >= 0) {
                        deleted++;
                        count--;
                        bytes -= size;
                        accounting.release(size);
                    }
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
     * Ends this instance (topic delete), releasing its storage.
     *
     * @param ifEmpty refuse if any record is live
     * @param now the clock reading
     * @param log whether to log the deletion (false when the engine closes)
     * @return the journal ticket to wait for before acknowledging, or 0
     * @throws SeqlogException topic_not_empty
     */
    public long end(boolean ifEmpty, long now, boolean log) {
        List<CompletableFuture<Long>> fail;
        long ticket = 0;
        lock.lock();
        try {
            if (ended) {
                return 0;
            }
            expire(now);
            if (ifEmpty && count > 0) {
                throw new SeqlogException(ErrorCode.TOPIC_NOT_EMPTY, "topic \"" + name + "\" is not empty")
                        .with("topic", name).with("count", count);
            }
            if (log && journal.enabled()) {
                ticket = journal.submit(epoch, WalOps.drop(epoch), true);
            }
            ended = true;
            accounting.release(bytes);
            store.clear();
            tags.clear();
            idempotency.clear();
            losses.clear();
            pending.clear();
            fail = waiters.takeAll();
        } finally {
            lock.unlock();
        }
        HeadWaiters.fail(fail, name);
        return ticket;
    }

    // -------------------------------------------------------------------------------------------- read

    /**
     * Runs the read procedure of SEMANTICS §6.2 and hands each delivered record to {@code sink}.
     *
     * @param req the read
     * @param limit the record limit after clamping
     * @param sink receives records, under the lock
     * @param now the clock reading
     * @param touch whether the read refreshes last_read_ts
     * @return the result, with an empty record list
     * @throws SeqlogException topic_not_found if the instance ended
     */
    public DiffResult read(DiffRequest req, int limit, RecordSink sink, long now, boolean touch) {
        lock.lock();
        try {
            if (ended) {
                throw SeqlogException.topicNotFound(name);
            }
            expire(now);
            if (touch) {
                lastReadTs = now;
            }
            return readLocked(req, limit, sink);
        } finally {
            lock.unlock();
        }
    }

    private DiffResult readLocked(DiffRequest req, int limit, RecordSink sink) {
        final long h = visibleHead;
        final long e = Math.min(earliest, h + 1);
        long c = req.fromSeq();
        Tombstone tomb = null;
        if (c > h) {
            tomb = new Tombstone(1, e - 1, TombstoneReason.RECREATED, e - 1, e, h);
            c = e - 1;
        } else if (c + 1 < Math.min(floor(), h + 1)) {
            tomb = new Tombstone(c + 1, e - 1, reason(c + 1, e - 1, true), e - 1 - c, e, h);
            c = e - 1;
        } else if (losses.containing(c + 1) != null) {
            long n = Math.min(firstLiveAfter(c), h + 1);
            tomb = new Tombstone(c + 1, n - 1, reason(c + 1, n - 1, false), missedInLosses(c + 1, n - 1), e, h);
            c = n - 1;
        }

        byte[][] nodes = config.dedupeNode() && !req.nodes().isEmpty() ? encode(req.nodes()) : null;
        RecordViewImpl view = new RecordViewImpl(req.includeTags(), req.includeMeta());
        long budget = req.maxBatchBytes();
        long examined = c;
        long scanned = 0;
        int delivered = 0;
        int skipped = 0;
        long acc = 0;
        long s = c + 1;
        final long nextLoss = losses.nextStartAtOrAfter(s);
        final long stop = Math.min(h + 1, nextLoss); // never read into (or past) an interior loss range
        scan:
        while (s < stop) {
            long to;
            if (s < e) {
                to = Math.min(e, stop); // only deleted seqs lie in [F, E) outside loss ranges
            } else {
                int i = store.find(s);
                if (i < 0) {
                    int next = -i - 1;
                    to = Math.min(next < store.size() ? store.get(next).baseSeq : stop, stop);
                } else {
                    Segment seg = store.get(i);
                    to = Math.min(seg.endSeq(), stop);
                    if (seg.undeletedCount() > 0) {
                        ByteBuffer b = seg.buffer();
                        for (; s < to; s++) {
                            int at = seg.offsetOf(s);
                            examined = s;
                            scanned++;
                            if (RecordLayout.isDeleted(b, at) || (nodes != null && nodeIn(b, at, nodes))) {
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

    private TombstoneReason reason(long from, long to, boolean floorCauses) {
        TombstoneReason only = null;
        int causes = 0;
        if (floorCauses) {
            if (capFloor > from) {
                only = TombstoneReason.CAP;
                causes++;
            }
            if (ttlFloor > from) {
                only = TombstoneReason.TTL;
                causes++;
            }
            if (restartFloor > from) {
                only = TombstoneReason.RESTART;
                causes++;
            }
        }
        for (LossRanges.Range r : losses.intersecting(from, to)) {
            if (only != r.reason) {
                only = r.reason;
                causes++;
            }
        }
        return causes == 1 ? only : TombstoneReason.MIXED;
    }

    private long missedInLosses(long from, long to) {
        long missed = 0;
        for (LossRanges.Range r : losses.intersecting(from, to)) {
            missed += r.missed;
        }
        return missed;
    }

    /** The lowest live seq above {@code c}, or H + 1. */
    private long firstLiveAfter(long c) {
        long s = c + 1;
        if (s <= earliest) {
            return earliest;
        }
        while (s <= head) {
            LossRanges.Range r = losses.containing(s);
            if (r != null) {
                s = r.to + 1;
                continue;
            }
            int i = store.find(s);
            if (i < 0) {
                int next = -i - 1;
                s = next < store.size() ? store.get(next).baseSeq : head + 1;
                continue;
            }
            Segment seg = store.get(i);
            for (long end = seg.endSeq(); s < end; s++) {
                if (!seg.isDeleted(s)) {
                    return s;
                }
            }
        }
        return head + 1;
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

    private static byte[][] encode(java.util.Set<String> nodes) {
        byte[][] out = new byte[nodes.size()][];
        int i = 0;
        for (String n : nodes) {
            out[i++] = n.getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------- state, waiting

    /**
     * The topic's state.
     *
     * @param now the clock reading
     * @param touch whether this counts as a read for automatic priority
     * @return the state
     * @throws SeqlogException topic_not_found if the instance ended
     */
    public TopicState state(long now, boolean touch) {
        lock.lock();
        try {
            if (ended) {
                throw SeqlogException.topicNotFound(name);
            }
            expire(now);
            if (touch) {
                lastReadTs = now;
            }
            return new TopicState(name, visibleHead, Math.min(earliest, visibleHead + 1), count, bytes, config,
                    Priority.effective(config, lastReadTs, now), lastWriteTs, lastReadTs);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A future completing when the head exceeds {@code afterSeq} (see {@code EventLog.awaitHead}).
     *
     * @param afterSeq the head the caller has seen
     * @return the future
     * @throws SeqlogException topic_not_found if the instance ended
     */
    public CompletableFuture<Long> awaitHead(long afterSeq) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (ended) {
                throw SeqlogException.topicNotFound(name);
            }
            if (visibleHead > afterSeq) {
                f.complete(visibleHead);
                return f;
            }
            waiters.add(afterSeq, f);
        } finally {
            lock.unlock();
        }
        f.whenComplete((v, err) -> {
            if (f.isCancelled()) {
                lock.lock();
                try {
                    waiters.remove(f);
                } finally {
                    lock.unlock();
                }
            }
        });
        return f;
    }

    // ------------------------------------------------------------------------------ watermark helpers

    /** F = max of the sub-floors, clamped to [1, H + 1]. */
    private long floor() {
        return Math.max(1, Math.min(head + 1, Math.max(capFloor, Math.max(ttlFloor, restartFloor))));
    }

    /** Moves E forward from its current value to the lowest live seq (or H + 1). */
    private void advanceEarliest() {
        long s = earliest;
        while (s <= head) {
            int i = store.find(s);
            if (i < 0) {
                int next = -i - 1;
                s = next < store.size() ? store.get(next).baseSeq : head + 1;
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
        earliest = Math.min(s, head + 1);
    }

    private void afterFloorMoved() {
        losses.trimBelow(floor());
        dropReclaimable();
    }

    /** Frees segments wholly below E, and sealed segments whose every record is deleted (§7.4). */
    private void dropReclaimable() {
        store.dropBelow(earliest, this::forgetTagsOf);
        for (int i = store.size() - 1; i >= 0; i--) {
            Segment seg = store.get(i);
            if (seg.isSealed() && seg.undeletedCount() == 0) {
                // its records were removed by tag deletes, which already took them out of the tag index
                store.remove(i, s -> { });
            }
        }
    }

    private void forgetTagsOf(Segment seg) {
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

    private long sizeAt(long seq) {
        return store.get(store.find(seq)).accountedSize(seq);
    }

    /** Tallies live (not deleted, not below E) records in {@code [from, to)} into the scratch fields. */
    private void sumLive(long from, long to) {
        tallyCount = 0;
        tallyBytes = 0;
        tallyHighest = from - 1;
        long s = Math.max(from, earliest);
        while (s < to) {
            int i = store.find(s);
            if (i < 0) {
                int next = -i - 1;
                s = next < store.size() ? store.get(next).baseSeq : to;
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

    // ---------------------------------------------------------------------------- tests and metrics

    /** @return number of segments held (for tests of reclamation) */
    int segmentCount() {
        lock.lock();
        try {
            return store.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return number of distinct tags indexed (for tests of index cleanup) */
    int indexedTags() {
        lock.lock();
        try {
            return tags.tagCount();
        } finally {
            lock.unlock();
        }
    }

    /** @return the current evict floor F (for tests of the dual watermark) */
    long evictFloor() {
        lock.lock();
        try {
            return floor();
        } finally {
            lock.unlock();
        }
    }
}
