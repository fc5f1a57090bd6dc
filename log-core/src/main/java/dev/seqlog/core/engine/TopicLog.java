package dev.seqlog.core.engine;

import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One topic instance: the entry point of every operation on it. It checks and orders operations, logs
 * them per the durability class, applies them to its {@link Watermarks} and {@link LiveRecords}, and
 * decides what readers may see; reads run {@link ReadProcedure}.
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
    /** Seqs covered by one durable reservation; a new one is requested when half is used. */
    static final long RESERVATION_BLOCK = 1 << 18;

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

    /** How a topic lays out its records: buffers and the limits that seal a segment. */
    public static final class StoreSettings {
        final BufferPool pool;
        final int maxRecords;
        final int maxBytes;
        final long maxAgeMs;

        /**
         * @param pool segment buffers
         * @param maxRecords records per segment
         * @param maxBytes bytes per segment
         * @param maxAgeMs age of its first record after which a segment is sealed, 0 = never
         */
        public StoreSettings(BufferPool pool, int maxRecords, int maxBytes, long maxAgeMs) {
            this.pool = pool;
            this.maxRecords = maxRecords;
            this.maxBytes = maxBytes;
            this.maxAgeMs = maxAgeMs;
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
    private final ReentrantLock lock = new ReentrantLock();
    private final Watermarks w = new Watermarks();
    private final LiveRecords live;
    private final IdempotencyMap idempotency = new IdempotencyMap();
    private final HeadWaiters waiters = new HeadWaiters();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Accounting accounting;
    private final StoreSettings store;

    private TopicConfig config;
    /** Log sequence number of the last frame this instance logged or replayed. */
    private long lsn;
    /** The last seq reservation logged, or -1: what a snapshot records. */
    private long lastLoggedReservation = -1;
    private long lastTs = Long.MIN_VALUE;
    private Long lastWriteTs;
    private Long lastReadTs;
    private boolean ended;
    private long reservationRequested;
    private long reservationTicket;
    private long reservationDurable;
    /** The last reservation seen while replaying, or -1. */
    private long replayedReservation = -1;
    private boolean replaying;

    /**
     * @param name the topic name
     * @param epoch the instance epoch, unique per instance of a name
     * @param config the resolved configuration
     * @param store record layout settings
     * @param accounting global live-bytes accounting
     * @param journal where operations are logged
     */
    public TopicLog(String name, long epoch, TopicConfig config, StoreSettings store, Accounting accounting,
                    Journal journal) {
        this.name = name;
        this.epoch = epoch;
        this.config = config;
        this.journal = journal;
        this.accounting = accounting;
        this.store = store;
        this.live = new LiveRecords(new RecordStore(store.pool, store.maxRecords, store.maxBytes, store.maxAgeMs),
                accounting, w);
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
                    long gate = e.lastSeq > w.visibleHead && !pending.isEmpty() ? pending.peekLast().gate : 0;
                    return new Appended(e.firstSeq, e.lastSeq, w.visibleHead, true, gate);
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
            long first = w.head + 1;
            long gate;
            try {
                gate = log(first, ts, batch);
            } catch (RuntimeException e) {
                accounting.release(batch.totalBytes);
                throw e;
            }
            live.append(first, ts, batch);
            lastTs = ts;
            lastWriteTs = ts;
            if (config.discard() == Discard.OLD) {
                live.evictToCaps(config.capRecords(), config.capBytes());
            }
            if (key != null && window > 0) {
                idempotency.put(key, first, w.head, now);
            }
            gate = pending.isEmpty() ? gate : Math.max(gate, pending.peekLast().gate);
            if (gate == 0) {
                w.visibleHead = w.head;
            } else {
                pending.addLast(new Pending(w.head, gate));
            }
            out = new Appended(first, w.head, w.head, false, gate);
            wake = gate != 0 || waiters.isEmpty() ? List.of() : waiters.takeSatisfied(w.visibleHead);
        } finally {
            lock.unlock();
        }
        HeadWaiters.complete(wake, out.head);
        return out;
    }

    private void checkFits(int n, long batchBytes) {
        long capR = config.capRecords();
        long capB = config.capBytes();
        if ((capR > 0 && n > capR) || (capB > 0 && batchBytes > capB)) {
            boolean byCount = capR > 0 && n > capR;
            throw new SeqlogException(ErrorCode.RECORD_TOO_LARGE, "the write can never fit this topic's caps")
                    .with("limit", byCount ? "cap_records" : "cap_bytes").with("max", byCount ? capR : capB)
                    .with("size", byCount ? n : batchBytes);
        }
        if ((capR > 0 && live.count() + n > capR) || (capB > 0 && live.bytes() + batchBytes > capB)) {
            throw new SeqlogException(ErrorCode.TOPIC_FULL, "topic \"" + name + "\" is full")
                    .with("cap_records", capR).with("cap_bytes", capB).with("count", live.count())
                    .with("bytes", live.bytes()).with("head_seq", w.visibleHead)
                    .with("earliest_seq", w.visibleEarliest());
        }
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
            long t = journal.submit(epoch, WalOps.append(epoch, ++lsn, first, ts, batch), cls == Durability.FSYNC);
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
            reservationTicket = journal.submit(epoch, WalOps.reserve(epoch, ++lsn, reservationRequested), true);
            lastLoggedReservation = reservationRequested;
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
                w.visibleHead = pending.pollFirst().lastSeq;
            }
            h = w.visibleHead;
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
            w.addLoss(n, reason, missed);
            if (pending.isEmpty()) {
                w.visibleHead = w.head;
            } else {
                pending.addLast(new Pending(w.head, pending.peekLast().gate));
            }
            h = w.visibleHead;
            wake = waiters.takeSatisfied(h);
        } finally {
            lock.unlock();
        }
        HeadWaiters.complete(wake, h);
    }

    // ------------------------------------------------------------------------------- retention, config

    /** Expires every live record older than the TTL at {@code now} (SEMANTICS §7.2); logs the expiry. */
    private void expire(long now) {
        long ttl = config.ttlMs();
        if (ttl <= 0 || w.earliest > w.head || replaying) {
            return;
        }
        long last = live.lastWithTsBelow(now - ttl); // expired iff now - ts > ttl, i.e. ts < now - ttl
        if (last < w.earliest) {
            return;
        }
        if (journal.enabled() && config.durability() != Durability.EPHEMERAL) {
            try {
                journal.submit(epoch, WalOps.expire(epoch, ++lsn, last), false);
            } catch (SeqlogException readOnly) {
                // reads keep working in read-only mode; recovery re-applies TTL from the clock
            }
        }
        live.expireThrough(last);
    }

    /**
     * Runs expiry now; called by the engine's once-per-second sweep.
     *
     * @param now the clock reading
     */
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
            boolean logging = journal.enabled() && !replaying;
            if (logging && newConfig.durability() != config.durability()) {
                // the reservation a class change leaves behind is the exact head: seqs acknowledged under
                // the old class stay covered, and nothing above them is claimed (SEMANTICS §4.2)
                journal.submit(epoch, WalOps.reserve(epoch, ++lsn, w.head), false);
                lastLoggedReservation = w.head;
                reservationRequested = w.head;
                reservationDurable = w.head;
            }
            config = newConfig;
            // expiry under the new TTL is logged before the CONFIG frame, whose replay applies the new caps:
            // the same order as here, so a restart reproduces which records expired and which were evicted
            expire(now);
            long ticket = logging ? journal.submit(epoch, WalOps.config(epoch, ++lsn, newConfig), true) : 0;
            live.evictToCaps(config.capRecords(), config.capBytes());
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
            return journal.enabled() ? journal.submit(epoch, WalOps.create(epoch, ++lsn, name, config), true) : 0;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ delete

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
            requireLive();
            journal.checkWritable();
            expire(now);
            long bound = w.head + 1;
            if (req.beforeSeq() != null) {
                bound = Math.min(bound, req.beforeSeq());
            }
            long ticket = 0;
            if (journal.enabled() && config.durability() != Durability.EPHEMERAL) {
                byte match = req.match() == null ? WalOps.MATCH_NONE
                        : req.match().prefix() ? WalOps.MATCH_PREFIX : WalOps.MATCH_EQ;
                boolean sync = config.durability() == Durability.FSYNC;
                long t = journal.submit(epoch, WalOps.delete(epoch, ++lsn, bound, match,
                        req.match() == null ? null : req.match().value()), sync);
                ticket = sync ? t : 0;
            }
            long deleted = live.delete(bound, req.match());
            return new Deleted(deleted, w.visibleEarliest(), w.visibleHead, live.count(), live.bytes(), ticket);
        } finally {
            lock.unlock();
        }
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
            if (ifEmpty && live.count() > 0) {
                throw new SeqlogException(ErrorCode.TOPIC_NOT_EMPTY, "topic \"" + name + "\" is not empty")
                        .with("topic", name).with("count", live.count());
            }
            if (log && journal.enabled()) {
                ticket = journal.submit(epoch, WalOps.drop(epoch, ++lsn), true);
            }
            ended = true;
            live.clear();
            idempotency.clear();
            w.losses.clear();
            pending.clear();
            fail = waiters.takeAll();
        } finally {
            lock.unlock();
        }
        HeadWaiters.fail(fail, name);
        return ticket;
    }

    // ------------------------------------------------------------------------------------ read, state

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
            startRead(now, touch);
            return ReadProcedure.read(w, live.store(), config.dedupeNode(), req, limit, sink);
        } finally {
            lock.unlock();
        }
    }

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
            startRead(now, touch);
            return new TopicState(name, w.visibleHead, w.visibleEarliest(), live.count(), live.bytes(), config,
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
            requireLive();
            if (w.visibleHead > afterSeq) {
                f.complete(w.visibleHead);
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

    /** The start of every read under the lock: the instance must exist, expiry is applied, touch counts. */
    private void startRead(long now, boolean touch) {
        requireLive();
        expire(now);
        if (touch) {
            lastReadTs = now;
        }
    }

    private void requireLive() {
        if (ended) {
            throw SeqlogException.topicNotFound(name);
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
     * Decides whether a replayed frame applies: only frames after the last one applied (or restored from a
     * snapshot) do.
     *
     * @param frameLsn the frame's log sequence number
     * @return whether to apply it
     */
    public boolean acceptReplayed(long frameLsn) {
        lock.lock();
        try {
            if (frameLsn <= lsn) {
                return false;
            }
            lsn = frameLsn;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-applies a logged append. {@code body} is the APPEND frame's body (AppendBody), offset 0 = its type byte.
     *
     * @param firstSeq the first seq the write received
     * @param ts its commit time
     * @param body the frame body
     */
    public void replayAppend(long firstSeq, long ts, ByteBuffer body) {
        lock.lock();
        try {
            if (firstSeq > w.head + 1) {
                // records between were never logged (an ephemeral era) or lost: a restart loss
                long gap = firstSeq - 1 - w.head;
                w.addLoss(gap, TombstoneReason.RESTART, gap);
            }
            live.appendLogged(firstSeq, ts, body);
            lastTs = Math.max(lastTs, ts);
            lastWriteTs = lastTs;
            if (config.discard() == Discard.OLD) {
                live.evictToCaps(config.capRecords(), config.capBytes());
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
            live.delete(bound, match == WalOps.MATCH_NONE ? null : new TagMatch(match == WalOps.MATCH_PREFIX, value));
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
            live.expireThrough(upTo);
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
            live.evictToCaps(config.capRecords(), config.capBytes());
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
            lastLoggedReservation = through;
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
                long h = Math.max(w.head, replayedReservation);
                live.clear();
                w.losses.clear();
                w.head = h;
                w.earliest = h + 1;
                w.restartFloor = h + 1;
            } else if (cls != Durability.MEMORY && replayedReservation > w.head) {
                long gap = replayedReservation - w.head;
                w.addLoss(gap, TombstoneReason.RESTART, gap);
            }
            w.visibleHead = w.head;
            reservationRequested = w.head;
            reservationDurable = w.head;
            replaying = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Logs the exact head as the final reservation at a clean shutdown, so no restart loss range appears
     * after it (a reservation left from an earlier class included).
     */
    public void logExactHead() {
        lock.lock();
        try {
            if (!ended && journal.enabled() && config.durability() != Durability.MEMORY) {
                journal.submit(epoch, WalOps.reserve(epoch, ++lsn, w.head), false);
                lastLoggedReservation = w.head;
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------- checkpoints

    /**
     * Captures this instance for a checkpoint: its state as of the last frame it logged, and copies of the
     * segment bytes and flags not yet in its files (none for an {@code ephemeral} topic, whose records are
     * never persisted). A segment older than the maximum age is sealed first.
     *
     * @param now the clock reading
     * @param exactHead record the head as the reservation, as a clean shutdown does (no restart loss range)
     * @return the image, or null if the instance ended
     */
    public TopicImage capture(long now, boolean exactHead) {
        lock.lock();
        try {
            if (ended) {
                return null;
            }
            Durability cls = config.durability();
            boolean persist = cls != Durability.EPHEMERAL;
            List<SegmentImage> segments = new ArrayList<>();
            if (persist) {
                RecordStore st = live.store();
                st.sealIfAged(now);
                for (int i = 0; i < st.size(); i++) {
                    Segment seg = st.get(i);
                    segments.add(seg.hasUnpersisted() ? seg.capture(store.pool)
                            : new SegmentImage(seg.baseSeq, seg.meta(), seg.bytesUsed(), null, new int[0],
                                    new int[0]));
                }
            }
            List<TopicImage.Loss> losses = new ArrayList<>();
            for (LossRanges.Range r : w.losses.all()) {
                losses.add(new TopicImage.Loss(r.from, r.to, r.reason, r.missed));
            }
            long reservation = exactHead && cls != Durability.MEMORY ? w.head : lastLoggedReservation;
            // an ephemeral topic restarts with no record, so nothing constrains the ts of its next write
            long tsFloor = persist ? lastTs : Long.MIN_VALUE;
            long lastWrite = persist && lastWriteTs != null ? lastWriteTs : Long.MIN_VALUE;
            return new TopicImage(epoch, lsn, name, config, w.head, w.earliest, w.capFloor, w.ttlFloor,
                    w.restartFloor, reservation, tsFloor, lastWrite, persist ? live.count() : 0,
                    persist ? live.bytes() : 0, losses, segments);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rebuilds this new instance from a snapshot's image of it and enters replay, so that WAL frames after
     * the image apply on top.
     *
     * @param image the image
     * @param files reads the segment files
     * @param recount count live records from the files' delete flags rather than trusting the image (after
     *        falling back to an older snapshot, a newer checkpoint may have flagged later deletes)
     * @throws IOException if a segment cannot be read, or is damaged
     */
    public void restore(TopicImage image, SegmentFiles files, boolean recount) throws IOException {
        lock.lock();
        try {
            lsn = image.lsn;
            w.head = image.head;
            w.visibleHead = image.head;
            w.earliest = image.earliest;
            w.capFloor = image.capFloor;
            w.ttlFloor = image.ttlFloor;
            w.restartFloor = image.restartFloor;
            for (TopicImage.Loss l : image.losses) {
                w.losses.add(l.from, l.to, l.reason, l.missed);
            }
            replayedReservation = image.reservation;
            lastLoggedReservation = image.reservation;
            lastTs = image.lastTs;
            lastWriteTs = image.lastWriteTs == Long.MIN_VALUE ? null : image.lastWriteTs;
            for (SegmentImage si : image.segments) {
                Segment seg = files.load(epoch, si);
                live.store().restore(seg);
                for (int n : si.flagNumbers) {
                    seg.restoreDeleted(n);
                }
            }
            live.restore(image.count, image.bytes, recount);
            replaying = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Switches every sealed segment that checkpoints have written whole to a mapping of its file, freeing
     * its direct buffer; maps outside the lock and writes each sparse index file after.
     *
     * @param files maps segment files
     * @throws IOException if a file cannot be mapped
     */
    public void mapWrittenSegments(SegmentFiles files) throws IOException {
        List<Segment> ready = new ArrayList<>();
        lock.lock();
        try {
            RecordStore st = live.store();
            for (int i = 0; i < st.size() && !ended; i++) {
                if (st.get(i).readyToMap()) {
                    ready.add(st.get(i));
                }
            }
        } finally {
            lock.unlock();
        }
        for (Segment seg : ready) {
            ByteBuffer mapping = files.map(epoch, seg.baseSeq, seg.bytesUsed(), false);
            boolean switched = false;
            lock.lock();
            try {
                RecordStore st = live.store();
                int i = st.find(seg.baseSeq);
                if (!ended && i >= 0 && st.get(i) == seg && seg.readyToMap()) {
                    store.pool.release(seg.switchToMapping(mapping, files.path(epoch, seg.baseSeq, false)));
                    switched = true;
                }
            } finally {
                lock.unlock();
            }
            if (switched) {
                files.writeIndex(epoch, seg.baseSeq, seg.bytesUsed(), seg.count(), seg.sparseIndex(), false);
            }
        }
    }

    /**
     * Where this instance's segments are read from now.
     *
     * @return per segment {base seq, 1 if in the cold tier else 0}
     */
    public List<long[]> segmentLocations() {
        List<long[]> out = new ArrayList<>();
        lock.lock();
        try {
            RecordStore st = live.store();
            for (int i = 0; i < st.size() && !ended; i++) {
                out.add(new long[] {st.get(i).baseSeq, st.get(i).isCold() ? 1 : 0});
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * Copies sealed segments beyond the hot retention (newest {@code retainSegments} sealed segments, and
     * at most {@code retainBytes} of them when non-zero) to the cold tier and switches reads to the copies.
     * The copies become authoritative with the next snapshot; the hot files are reclaimed once no retained
     * snapshot names them.
     *
     * @param files both tiers
     * @param retainSegments sealed segments kept hot
     * @param retainBytes bound on hot sealed bytes, 0 = none
     * @return the number of segments moved
     * @throws IOException if a copy fails
     */
    public int moveToCold(SegmentFiles files, int retainSegments, long retainBytes) throws IOException {
        List<Segment> moving = new ArrayList<>();
        lock.lock();
        try {
            RecordStore st = live.store();
            int hotSealed = 0;
            long hotBytes = 0;
            for (int i = st.size() - 1; i >= 0 && !ended; i--) {
                Segment seg = st.get(i);
                if (!seg.isSealed() || seg.isCold()) {
                    continue;
                }
                hotSealed++;
                hotBytes += seg.bytesUsed();
                boolean beyond = hotSealed > retainSegments || (retainBytes > 0 && hotBytes > retainBytes);
                if (beyond && seg.canMoveCold()) {
                    moving.add(seg);
                }
            }
        } finally {
            lock.unlock();
        }
        if (moving.isEmpty()) {
            return 0;
        }
        for (Segment seg : moving) {
            files.copyToCold(epoch, seg.baseSeq, seg.bytesUsed());
        }
        files.cold().sync();
        int moved = 0;
        for (Segment seg : moving) {
            ByteBuffer mapping = files.map(epoch, seg.baseSeq, seg.bytesUsed(), true);
            lock.lock();
            try {
                RecordStore st = live.store();
                int i = st.find(seg.baseSeq);
                if (!ended && i >= 0 && st.get(i) == seg && seg.canMoveCold()) {
                    seg.moveToCold(mapping, files.path(epoch, seg.baseSeq, true));
                    moved++;
                }
            } finally {
                lock.unlock();
            }
            files.writeIndex(epoch, seg.baseSeq, seg.bytesUsed(), seg.count(), seg.sparseIndex(), true);
        }
        return moved;
    }

    // ---------------------------------------------------------------------------------------- for tests

    /** @return the record store, unlocked (for single-threaded tests of segment state) */
    RecordStore storeForTests() {
        return live.store();
    }

    /** @return number of segments held (for tests of reclamation) */
    int segmentCount() {
        return locked(live::segmentCount);
    }

    /** @return number of distinct tags indexed (for tests of index cleanup) */
    int indexedTags() {
        return locked(live::tagCount);
    }

    /** @return the current evict floor F (for tests of the dual watermark) */
    long evictFloor() {
        return locked(w::floor);
    }

    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
