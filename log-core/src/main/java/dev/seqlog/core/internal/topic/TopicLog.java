package dev.seqlog.core.internal.topic;

import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.internal.notify.Deadlines;
import dev.seqlog.core.internal.notify.HeadListeners;
import dev.seqlog.core.internal.segment.BufferPool;
import dev.seqlog.core.internal.segment.RecordStore;
import dev.seqlog.core.internal.segment.Segment;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One topic instance: the entry point of every operation on it. It checks and orders operations under its
 * lock, logs them through its {@link TopicJournal} per the durability class, applies them to its
 * {@link Watermarks} and {@link LiveRecords}, and decides with {@link Visibility} what readers may see;
 * reads run {@link ReadProcedure}. Replay and restore are {@link TopicReplay}'s job, segment mapping and
 * tiering {@link TopicTiering}'s.
 *
 * <p>Durability: every operation is applied to the in-memory state in the order it is logged, so replaying
 * the log reproduces the state exactly. Readers see records only up to the visible head, which passes a
 * write once its acknowledgement condition holds (its flush for {@code fsync}, a durable seq reservation
 * for {@code disk} and {@code ephemeral}) and that of every earlier write.
 *
 * <p>Thread-safe: every operation runs under the instance's lock; listeners are woken after it is released,
 * and nothing waits for a disk while holding it.
 */
public final class TopicLog {
    /** Global accounting of live bytes across topics, for the total-bytes quota. */
    public interface Accounting {
        /** @return false if reserving {@code bytes} would exceed the quota */
        boolean reserve(long bytes);

        /** Gives back bytes that stopped being live. */
        void release(long bytes);

        /** Counts bytes recovered from the log; they were admitted before the restart, so no quota check. */
        void admitReplayed(long bytes);
    }

    /**
     * The outcome of an append under the lock.
     *
     * @param firstSeq first seq of the write (the original one when deduplicated)
     * @param lastSeq last seq of the write
     * @param head head after the call
     * @param deduped whether an idempotency key matched
     * @param gate journal ticket to wait for before the write is visible, or 0 if it already is
     */
    public record Appended(long firstSeq, long lastSeq, long head, boolean deduped, long gate) {
    }

    /**
     * The outcome of a delete.
     *
     * @param deleted live records removed
     * @param earliest E after
     * @param head H after
     * @param count live records after
     * @param bytes live bytes after
     * @param ticket journal ticket to wait for, or 0
     */
    public record Deleted(long deleted, long earliest, long head, long count, long bytes, long ticket) {
    }

    /**
     * How a topic lays out its records: buffers and the limits that seal a segment.
     *
     * @param pool segment buffers
     * @param maxRecords records per segment
     * @param maxBytes bytes per segment
     * @param maxAgeMs age of its first record after which a segment is sealed, 0 = never
     */
    public record StoreSettings(BufferPool pool, int maxRecords, int maxBytes, long maxAgeMs) {
    }

    final String name;
    final long epoch;
    final ReentrantLock lock = new ReentrantLock();
    final Watermarks w = new Watermarks();
    final LiveRecords live;
    final TopicJournal log;
    final SeqReservations reservations = new SeqReservations();
    final StoreSettings store;
    final HeadListeners listeners;
    final Visibility visibility = new Visibility(w);
    final IdempotencyMap idempotency = new IdempotencyMap();
    final Accounting accounting;
    private final TopicReplay replay;
    private final TopicTiering tiering;
    private final TopicLifecycle lifecycle;
    /** The queue's lease state composed onto this instance, or null for a log topic. */
    final Attachment attachment;

    TopicConfig config;
    long lastTs = Long.MIN_VALUE;
    Long lastWriteTs;
    private Long lastReadTs;
    boolean ended;
    /** Rises with every change a read could observe; a shared read is reused only while it is unchanged. */
    long changes;
    private final SharedReads shared = new SharedReads();
    boolean replaying;

    /**
     * @param name the topic name
     * @param epoch the instance epoch, unique per instance of a name
     * @param config the resolved configuration
     * @param store record layout settings
     * @param accounting global live-bytes accounting
     * @param journal where operations are logged
     * @param deadlines times out waits for new records
     * @param queues builds the lease state of a queue topic
     */
    public TopicLog(String name, long epoch, TopicConfig config, StoreSettings store, Accounting accounting,
                    Journal journal, Deadlines deadlines, Attachment.Factory queues) {
        this.name = name;
        this.epoch = epoch;
        this.config = config;
        this.log = new TopicJournal(epoch, journal);
        this.accounting = accounting;
        this.store = store;
        this.live = new LiveRecords(new RecordStore(store.pool(), store.maxRecords(), store.maxBytes(),
                store.maxAgeMs()), accounting, w);
        this.listeners = new HeadListeners(deadlines, 0);
        this.replay = new TopicReplay(this);
        this.tiering = new TopicTiering(this);
        this.lifecycle = new TopicLifecycle(this);
        this.attachment = config.type() == TopicType.QUEUE && queues != null ? queues.attach(new TopicJobs(this)) : null;
        if (attachment != null) {
            live.removals = attachment::removed;
        }
    }

    /** @return the queue's lease state composed onto this instance, or null for a log topic */
    public Attachment attachment() {
        return attachment;
    }

    /** @return the topic name */
    public String name() {
        return name;
    }

    /** @return the instance epoch */
    public long epoch() {
        return epoch;
    }

    /** @return replay and restore of this instance, used by recovery */
    public TopicReplay replay() {
        return replay;
    }

    /** @return creation, reconfiguration and end of this instance */
    public TopicLifecycle lifecycle() {
        return lifecycle;
    }

    /** @return checkpoint capture, segment mapping and tiering of this instance */
    public TopicTiering tiering() {
        return tiering;
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
        Appended out;
        long visible;
        lock.lock();
        try {
            if (ended) {
                return null;
            }
            log.checkWritable();
            expire(now);
            String key = batch.idempotencyKey;
            long window = config.idempotencyWindowMs();
            if (key != null && window > 0) {
                IdempotencyMap.Entry e = idempotency.get(key, now, window);
                if (e != null) {
                    // the original may still await its flush: the duplicate answers no earlier than it
                    long gate = e.lastSeq > w.visibleHead ? visibility.lastGate() : 0;
                    return new Appended(e.firstSeq, e.lastSeq, w.visibleHead, true, gate);
                }
            }
            if (config.discard() == Discard.REJECT) {
                RejectCaps.check(this, batch.size(), batch.totalBytes);
            }
            if (!accounting.reserve(batch.totalBytes)) {
                throw new SeqlogException(ErrorCode.THROTTLED, "the total live bytes quota is exhausted")
                        .with("limit", "max_total_bytes");
            }
            long ts = Math.max(now, lastTs);
            long first = w.head + 1;
            long gate;
            try {
                gate = logAppend(first, ts, batch, now);
            } catch (RuntimeException e) {
                accounting.release(batch.totalBytes);
                throw e;
            }
            live.append(first, ts, batch);
            changes++;
            lastTs = ts;
            lastWriteTs = ts;
            if (config.discard() == Discard.OLD) {
                live.evictToCaps(config.capRecords(), config.capBytes());
            }
            if (key != null && window > 0) {
                idempotency.put(key, first, w.head, now);
            }
            gate = visibility.gateFor(gate);
            visibility.admit(gate);
            out = new Appended(first, w.head, w.head, false, gate);
            visible = w.visibleHead;
        } finally {
            lock.unlock();
        }
        listeners.publish(visible);
        return out;
    }

    /** Logs an append per the topic's class and returns the ticket its visibility waits for, or 0. */
    private long logAppend(long first, long ts, EncodedBatch batch, long now) {
        if (!log.enabled()) {
            return 0;
        }
        Durability cls = config.durability();
        long last = first + batch.size() - 1;
        long gate = cls == Durability.DISK || cls == Durability.EPHEMERAL
                ? reservations.reserveThrough(last, now, log) : 0;
        long t = log.append(cls, first, ts, batch);
        return t != 0 ? t : gate;
    }

    /**
     * Makes writes whose gate is durable visible, in seq order, once {@code gate} is durable.
     *
     * @param gate the ticket that became durable
     */
    public void publish(long gate) {
        long h;
        lock.lock();
        try {
            visibility.release(gate);
            h = w.visibleHead;
            changes++;
        } finally {
            lock.unlock();
        }
        listeners.publish(h);
    }

    /** A future that completes once {@code gate} is durable (at once for 0). */
    public CompletableFuture<Void> whenDurable(long gate) {
        return log.whenDurable(gate);
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
     * Appends an interior loss range of {@code n} seqs (SEMANTICS §5.4), as recovery does; not logged.
     *
     * @param n seqs in the range, at least 1
     * @param reason restart or source_trim
     * @param missed records the range stands for
     */
    public void appendLossRange(long n, TombstoneReason reason, long missed) {
        long h;
        lock.lock();
        try {
            w.addLoss(n, reason, missed);
            changes++;
            visibility.admit(visibility.gateFor(0));
            h = w.visibleHead;
        } finally {
            lock.unlock();
        }
        listeners.publish(h);
    }

    // ------------------------------------------------------------------------------- retention, config

    /** Expires every live record older than the TTL at {@code now} (SEMANTICS §7.2); logs the expiry. */
    void expire(long now) {
        long ttl = config.ttlMs();
        if (ttl <= 0 || w.earliest > w.head || replaying) {
            return;
        }
        long last = live.lastWithTsBelow(now - ttl); // expired iff now - ts > ttl, i.e. ts < now - ttl
        if (last < w.earliest) {
            return;
        }
        try {
            log.expire(config.durability(), last);
        } catch (SeqlogException readOnly) {
            // reads keep working in read-only mode; recovery re-applies TTL from the clock
        }
        live.expireThrough(last);
        changes++;
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
            log.checkWritable();
            expire(now);
            long bound = w.head + 1;
            if (req.beforeSeq() != null) {
                bound = Math.min(bound, req.beforeSeq());
            }
            byte match = req.match() == null ? WalOps.MATCH_NONE
                    : req.match().prefix() ? WalOps.MATCH_PREFIX : WalOps.MATCH_EQ;
            long ticket = log.delete(config.durability(), bound, match,
                    req.match() == null ? null : req.match().value());
            long deleted = live.delete(bound, req.match());
            changes++;
            return new Deleted(deleted, w.visibleEarliest(), w.visibleHead, live.count(), live.bytes(), ticket);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a delete's ticket is durable. */
    public void awaitDurable(long ticket) {
        log.awaitDurable(ticket);
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
        return readLocked(() -> {
            startRead(now, touch);
            return ReadProcedure.read(w, live.store(), config.dedupeNode(), req, limit, sink);
        });
    }

    /**
     * Runs a read under the lock, fetching tiered bytes it stops at without the lock ({@link TieredReads}).
     *
     * @param read the read
     * @return its result
     */
    public <T> T readLocked(java.util.function.Supplier<T> read) {
        return TieredReads.underLock(lock, read);
    }

    /**
     * Runs the read procedure for a watch, sharing the result with watchers that read the same range with the
     * same options before anything changes: see {@link SharedReads}.
     *
     * @param req the read
     * @param limit the record limit after clamping
     * @param includeData whether records carry data
     * @param streamStart whether this is the stream's first read of the topic
     * @param now the clock reading
     * @return the result and its batch
     * @throws SeqlogException topic_not_found if the instance ended
     */
    public SharedReads.Read readShared(DiffRequest req, int limit, boolean includeData, boolean streamStart,
                                       long now) {
        return readLocked(() -> {
            startRead(now, true);
            return shared.read(this, req, limit, includeData, streamStart);
        });
    }

    /** @return the listeners of this instance, which watches arm to learn of new heads and of its end */
    public HeadListeners listeners() {
        return listeners;
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
                    Priority.effective(config, lastReadTs, now), lastWriteTs, lastReadTs,
                    attachment == null ? null : attachment.counters(now));
        } finally {
            lock.unlock();
        }
    }

    /** The start of every read under the lock: the instance must exist, expiry is applied, touch counts. */
    private void startRead(long now, boolean touch) {
        requireLive();
        expire(now);
        if (touch) {
            lastReadTs = now;
        }
    }

    void requireLive() {
        if (ended) {
            throw SeqlogException.topicNotFound(name);
        }
    }

    /** Runs {@code read} under the lock (for components and tests of this package). */
    <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
