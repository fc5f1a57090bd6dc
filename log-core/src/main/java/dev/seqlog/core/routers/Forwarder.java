package dev.seqlog.core.routers;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.core.internal.format.ForwardTrailer;
import dev.seqlog.core.internal.notify.HeadListeners;
import dev.seqlog.core.internal.notify.Listener;
import dev.seqlog.core.internal.topic.CopiedRecords;
import dev.seqlog.core.internal.topic.DerivedWrites;
import dev.seqlog.core.internal.topic.TopicLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker of one router (SEMANTICS §12.2): whenever the source's visible head is past its read cursor, it
 * reads the next batch of the source, appends a {@code source_trim} marker for an involuntary gap and the
 * batch's copies to the destination, each frame carrying the router's progress, and moves on without waiting
 * for the destination's flush: copies are ordered when they are appended, and the progress a read reports only
 * moves once they are durable, in order. Idle, it waits on the source's listeners, so a write to the source
 * costs the writer nothing but the wake.
 *
 * <p>A destination that refuses a batch (full with {@code discard: "reject"}, the byte quota, a storage
 * failure) is retried from the same record after 50 ms, doubling to 5 s, one record at a time until one fits:
 * pressure propagates back to the router, never to the source's writers.
 *
 * <p>Thread-safe: runs are serialised by a work counter, on the routers' executor.
 */
final class Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    /** Records per read of the source. */
    static final int BATCH = 1024;
    /** Bytes per read of the source. */
    static final long BATCH_BYTES = 1 << 20;
    /** Batches appended but not yet durable before the forwarder waits. */
    static final int MAX_PENDING = 16;
    static final long BACKOFF_MIN_MS = 50;
    static final long BACKOFF_MAX_MS = 5_000;

    private enum Step { PROGRESS, IDLE, GONE }

    private final RouterState router;
    private final RouterCatalog catalog;
    private final RouterContext ctx;
    private final TopicLog source;
    private final TopicLog dest;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final Listener wake = new Listener() {
        @Override
        protected void onHead(long head) {
            armed = false;
            schedule();
        }

        @Override
        protected void onTimeout() {
            armed = false;
            schedule();
        }

        @Override
        protected void onEnd() {
            armed = false;
            schedule();
        }
    };
    private final Listener timer = new Listener() {
        @Override
        protected void onHead(long head) {
        }

        @Override
        protected void onTimeout() {
            waiting = false;
            schedule();
        }

        @Override
        protected void onEnd() {
        }
    };
    private volatile boolean armed;
    private volatile boolean waiting;
    private volatile boolean stopped;
    private volatile boolean failed;

    // confined to the run in progress
    private long readCursor;
    private long totalAhead;
    private long lastOwnSeq;
    private int limit = BATCH;
    private long backoffMs;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private final Set<Long> present = new HashSet<>();
    private final byte[] keyPrefix;

    Forwarder(RouterState router, RouterCatalog catalog, RouterContext ctx, TopicLog source, TopicLog dest) {
        this.router = router;
        this.catalog = catalog;
        this.ctx = ctx;
        this.source = source;
        this.dest = dest;
        this.readCursor = router.cursor();
        this.totalAhead = router.total();
        RouterDef d = router.def();
        this.keyPrefix = ExactlyOnceKey.prefix(d.name(), d.source(), d.sourceId())
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.lastOwnSeq = headOf(dest, ctx.now());
    }

    /** Starts, or wakes, the worker; with an external log it runs only through {@link #forwardNow()}. */
    void schedule() {
        if (!ctx.inline() && !stopped && wip.getAndIncrement() == 0) {
            ctx.executor().execute(this::run);
        }
    }

    /** Stops forwarding; a run in progress finishes its step. */
    void stop() {
        stopped = true;
        ctx.deadlines().cancelTimer(timer);
        source.listeners().disarm(wake); // a removed router leaves nothing in the source's index
    }

    /**
     * With an external log: forwards, on the caller's thread, what the source holds past the cursor and the
     * destination takes now. Every replica calls it at the same point of the log, and what it does depends on
     * nothing but the state there: no timer, no batch size learnt earlier. A refused batch is tried again one
     * record at a time; a refused record waits for the next call.
     *
     * @return whether the router moved
     */
    boolean forwardNow() {
        boolean moved = false;
        limit = BATCH;
        while (!stopped && !router.removed()) {
            Step s;
            try {
                s = step();
            } catch (SeqlogException e) {
                if (limit > 1 && capacity(e)) {
                    limit = 1;
                    continue;
                }
                return moved;
            } catch (RuntimeException e) {
                LOG.error("router forwarding failed unexpectedly: router={}", router.def().name(), e);
                return moved; // the entry is applied all the same; the next one tries again
            }
            if (s == Step.GONE) {
                stopped = true;
                return moved;
            }
            if (s == Step.IDLE) {
                return moved;
            }
            moved = true;
        }
        return moved;
    }

    private void run() {
        int missed = 1;
        while (true) {
            try {
                drain();
            } catch (RuntimeException | Error e) {
                LOG.error("router forwarding failed unexpectedly: router={}", router.def().name(), e);
                backoff();
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void drain() {
        while (!stopped && !router.removed() && !armed && !waiting) {
            if (failed) {
                if (pending.get() > 0) {
                    return; // the last pending batch schedules a run once it settles
                }
                failed = false;
                readCursor = router.cursor();
                totalAhead = router.total();
                tail = CompletableFuture.completedFuture(null);
                backoff();
                return;
            }
            if (pending.get() >= MAX_PENDING) {
                return;
            }
            CompletableFuture<Void> admitted = ctx.admission().get();
            if (!admitted.isDone()) {
                waiting = true;
                admitted.whenComplete((v, e) -> {
                    waiting = false;
                    schedule();
                });
                return;
            }
            Step s;
            try {
                s = step();
            } catch (SeqlogException e) {
                refused(e);
                return;
            }
            if (s == Step.GONE) {
                stopped = true;
                return;
            }
            if (s == Step.IDLE) {
                armed = true;
                if (source.listeners().arm(wake, readCursor, HeadListeners.NO_DEADLINE)) {
                    return;
                }
                armed = false;
            }
        }
    }

    /** One read of the source and what it yields in the destination. */
    private Step step() {
        long now = ctx.now();
        RouterDef d = router.def();
        // with an external log a copy and the cursor that covers it are applied together: nothing to look for
        if (d.guarantee() == RouterGuarantee.EXACTLY_ONCE && !ctx.inline()) {
            scanDestination(now);
        }
        CopiedRecords.Read read;
        try {
            read = CopiedRecords.read(source, DiffRequest.from(readCursor).withTags(true).withMeta(true)
                    .withLimit(limit).withMaxBatchBytes(BATCH_BYTES), limit, now);
        } catch (SeqlogException e) {
            if (e.code() == ErrorCode.TOPIC_NOT_FOUND) {
                return Step.GONE;
            }
            throw e;
        }
        DiffResult res = read.result();
        CopyBatch copies = new CopyBatch(d, present, read.records().byteSize());
        read.records().forEach(copies);
        Tombstone gap = res.tombstone();
        if (gap == null && res.nextFromSeq() <= readCursor) {
            return Step.IDLE;
        }
        if (gap != null && gap.reason() != TombstoneReason.RECREATED && gap.gapTo() >= gap.gapFrom()) {
            if (!trim(gap, now)) {
                return Step.GONE;
            }
        }
        long cursor = res.nextFromSeq();
        long total = totalAhead + copies.size() + copies.found();
        ByteBuffer body = copies.finish(dest.epoch(), new ForwardTrailer.Progress(d.id(), cursor, total));
        DerivedWrites.Written w;
        synchronized (router) {
            // a batch with nothing to append still logs its progress, behind the router's earlier copies
            w = copies.size() == 0 ? DerivedWrites.progress(dest, body)
                    : DerivedWrites.forward(dest, body, copies.size(), copies.bytes(), now);
            if (w == null) {
                return Step.GONE;
            }
            if (w.logged() || ctx.inline()) { // inline, the checkpoint between two entries holds the copies
                router.logged(cursor, total);
            }
        }
        if (copies.size() > 0) {
            lastOwnSeq = w.lastSeq();
            settle(durable(w.gate()), cursor, total, w.logged());
        } else {
            settle(w.gate() == 0 ? CompletableFuture.completedFuture(null) : dest.whenDurable(w.gate()), cursor,
                    total, w.logged());
        }
        readCursor = cursor;
        totalAhead = total;
        limit = Math.min(BATCH, limit * 2);
        backoffMs = 0;
        return Step.PROGRESS;
    }

    /** Appends the marker for an involuntary gap of the source; false if the destination ended. */
    private boolean trim(Tombstone gap, long now) {
        long missed = gap.gapTo() - gap.gapFrom() + 1;
        RouterDef d = router.def();
        DerivedWrites.Written w;
        synchronized (router) {
            w = DerivedWrites.trim(dest, missed, new ForwardTrailer.Progress(d.id(), gap.gapTo(), totalAhead), now);
            if (w == null) {
                return false;
            }
            if (w.logged() || ctx.inline()) {
                router.logged(gap.gapTo(), totalAhead);
            }
        }
        lastOwnSeq = w.lastSeq();
        settle(durable(w.gate()), gap.gapTo(), totalAhead, w.logged());
        readCursor = gap.gapTo();
        return true;
    }

    private CompletableFuture<Void> durable(long gate) {
        if (gate == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return dest.whenDurable(gate).thenRun(() -> dest.publish(gate));
    }

    /**
     * Moves the reported cursor once this batch and every earlier one are durable; a progress no destination
     * frame carried is logged in the catalog then.
     */
    private void settle(CompletableFuture<Void> durable, long cursor, long total, boolean carried) {
        pending.incrementAndGet();
        tail = tail.thenCombine(durable, (x, y) -> null);
        tail.whenComplete((v, e) -> {
            if (e == null && !router.removed()) {
                router.acked(cursor, total);
                if (!carried) {
                    catalog.logCursor(router, cursor, total);
                }
            } else if (e != null) {
                failed = true;
            }
            pending.decrementAndGet();
            schedule();
        });
    }

    /** Under exactly-once: notes copies of this router that records written since its last copy already hold. */
    private void scanDestination(long now) {
        long head = headOf(dest, now);
        while (lastOwnSeq < head) {
            DiffResult r = dest.read(DiffRequest.from(lastOwnSeq).withMeta(true).withLimit(BATCH), BATCH, v -> {
                long seq = ExactlyOnceKey.sourceSeq(v.buffer(), v.metaOffset(), v.metaLength(), keyPrefix);
                if (seq > readCursor) {
                    present.add(seq);
                }
            }, now, false);
            if (r.nextFromSeq() <= lastOwnSeq) {
                break;
            }
            lastOwnSeq = r.nextFromSeq();
        }
        if (present.size() > 4 * BATCH) {
            long c = readCursor;
            present.removeIf(s -> s <= c);
        }
    }

    private static long headOf(TopicLog t, long now) {
        try {
            return t.state(now, false).headSeq();
        } catch (SeqlogException gone) {
            return 0;
        }
    }

    /** The destination refused the batch: try again later, from the same record, one record first. */
    private void refused(SeqlogException e) {
        if (capacity(e)) {
            limit = 1;
        } else if (backoffMs == 0) {
            LOG.warn("router cannot forward, retrying with backoff: router={} dest={} error={}",
                    router.def().name(), router.def().dest(), e.getMessage());
        }
        backoff();
    }

    private static boolean capacity(SeqlogException e) {
        return e.code() == ErrorCode.TOPIC_FULL || e.code() == ErrorCode.THROTTLED
                || e.code() == ErrorCode.RECORD_TOO_LARGE;
    }

    private void backoff() {
        backoffMs = backoffMs == 0 ? BACKOFF_MIN_MS : Math.min(BACKOFF_MAX_MS, backoffMs * 2);
        waiting = true;
        ctx.deadlines().scheduleTimer(timer, ctx.now() + backoffMs);
    }
}
