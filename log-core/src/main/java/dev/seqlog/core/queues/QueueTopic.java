package dev.seqlog.core.queues;

import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.LeaseBody;
import dev.seqlog.core.internal.topic.Attachment;
import dev.seqlog.core.internal.topic.TopicJobs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The lease side of one queue topic instance (SEMANTICS §13), composed onto it as its {@link Attachment}: claim
 * passes, ack, nack and extend, coalescing windows ({@link ClaimWindow}), push subscriptions and dead-letter
 * moves. Every operation runs under the topic's lock and waits for nothing there; durable transitions are logged
 * with a flush and answered once it completes, and taken back if it fails (fail closed). With an external log,
 * lease state is replicated state: every replica runs the same transitions at the log's time, lease ids come from
 * the log, and checkpoints keep the leases whatever {@code leases_durable} says.
 *
 * <p>Thread-safe through the topic's lock.
 */
public final class QueueTopic implements Attachment {
    private final TopicJobs jobs;
    private final QueueContext ctx;
    private final LeaseTable table = new LeaseTable();
    private final LeaseIds ids;
    private final DeadLetters deadLetters;
    private final PushFeeds feeds;
    private final ClaimWindow window;
    private long deadLettered;

    QueueTopic(TopicJobs jobs, QueueContext ctx) {
        this.jobs = jobs;
        this.ctx = ctx;
        this.ids = ctx.leaseIds();
        this.deadLetters = new DeadLetters(this, ctx);
        this.feeds = new PushFeeds(this, jobs, table, ctx);
        this.window = new ClaimWindow(this, jobs, ctx, feeds);
    }

    /** @return the queue's name */
    String name() {
        return jobs.name();
    }

    boolean durable() {
        return jobs.config().leasesDurable();
    }

    /** Brings the lease state up to {@code now}: gone jobs dropped, passed deadlines and delays collected. */
    void settle(long now) {
        table.trimBelow(jobs.earliest());
        table.settle(now);
    }

    private long ready() {
        return Math.max(0, jobs.liveCount() - table.inFlight() - table.delayed());
    }

    // ------------------------------------------------------------------------------------------ claim

    /**
     * Claims for one caller: at once, or when the coalescing window it joins closes.
     *
     * @param node the holder
     * @param max jobs wanted, already clamped
     * @param leaseMs the lease length, or -1 for the topic's
     * @return the leased jobs
     */
    CompletableFuture<ClaimResult> claim(String node, int max, long leaseMs) {
        Claimer c = Claimer.call(node, max, leaseMs);
        long now = ctx.now();
        Pass pass;
        jobs.lock();
        try {
            jobs.start(now);
            long w = jobs.config().claimJitterMs();
            // with an external log, cohorts are formed before the log (claimCohort): a claim is served at once
            if (w > 0 && !ctx.externalLog()) {
                window.join(c, now, w);
                return c.future;
            }
            pass = pass(List.of(c), now);
        } finally {
            jobs.unlock();
        }
        finish(pass);
        return c.future;
    }

    /**
     * Serves a cohort with one pass at once (SEMANTICS §13.4, step 3): with an external log the cohort is formed
     * before the log, by the node whose window it is, and every replica runs the same pass.
     *
     * @param cohort the claimers, in arrival order
     * @return each claimer's jobs, in the cohort's order
     */
    List<CompletableFuture<ClaimResult>> claimCohort(List<Claimer> cohort) {
        long now = ctx.now();
        Pass pass;
        jobs.lock();
        try {
            jobs.start(now);
            pass = pass(cohort, now);
        } finally {
            jobs.unlock();
        }
        finish(pass);
        return cohort.stream().map(c -> c.future).toList();
    }

    /** What a pass left to do once the lock is released. */
    record Pass(ClaimPass pass, List<Claimer> claimers, long ticket, long ready, long head) {
    }

    /** Runs a pass under the lock and logs it when leases are durable; undoes it if the log refuses. */
    Pass pass(List<Claimer> claimers, long now) {
        settle(now);
        long head = jobs.visibleHead();
        ClaimPass p = new ClaimPass();
        boolean durable = durable() && jobs.journaled();
        p.run(table, jobs, ids, claimers, now, durable);
        for (Claimer c : claimers) {
            if (c.feed != null) {
                c.batch = c.feed.reserve(); // passes run under the lock: places follow their order
            }
        }
        long ticket = 0;
        if (durable && p.leased() > 0) {
            try {
                ticket = jobs.log(p.frame(), true);
            } catch (RuntimeException e) {
                p.undo(table);
                for (Claimer c : claimers) {
                    if (c.feed != null) {
                        c.feed.deliver(c.batch, List.of()); // its place must not hold up later passes
                    }
                }
                throw e;
            }
        }
        return new Pass(p, claimers, ticket, ready(), head);
    }

    /** Answers the claimers once the pass is durable, or takes it back if it cannot be; starts its moves. */
    void finish(Pass p) {
        jobs.whenDurable(p.ticket).whenComplete((v, failure) -> {
            if (failure != null) {
                jobs.lock();
                try {
                    p.pass.undo(table);
                } finally {
                    jobs.unlock();
                }
                for (Claimer c : p.claimers) {
                    if (c.future != null) {
                        c.future.completeExceptionally(failure);
                    } else {
                        c.feed.deliver(c.batch, List.of()); // leases undone: nothing, but later passes may go
                    }
                }
                return;
            }
            for (Claimer c : p.claimers) {
                if (c.future != null) {
                    c.future.complete(new ClaimResult(name(), List.copyOf(c.got), p.ready));
                } else {
                    c.feed.deliver(c.batch, List.copyOf(c.got));
                }
            }
        });
        if (!p.pass.moves.isEmpty()) {
            deadLetters.move(jobs.config().deadLetter(), jobs.config().autoCreate(), p.pass.moves);
        }
    }

    /** Opens a coalescing window closing {@code w} ms from now unless one is open. Under the lock. */
    void openWindow(long now, long w) {
        window.open(now, w);
    }

    // ------------------------------------------------------------------------------ ack, nack, extend

    /**
     * Acks: deletes the held jobs, logged per the class, or flushed when leases are durable.
     *
     * @param r the request, already checked
     * @return the outcome once the deletes are as durable as promised
     */
    CompletableFuture<LeaseResult> ack(LeaseRequest r) {
        long now = ctx.now();
        List<Long> skipped = new ArrayList<>();
        long ticket;
        int n;
        long ready;
        long inFlight;
        jobs.lock();
        try {
            jobs.start(now);
            settle(now);
            List<JobEntry> held = table.held(r, jobs, skipped);
            n = held.size();
            long[] seqs = new long[n];
            for (int i = 0; i < n; i++) {
                seqs[i] = held.get(i).seq;
            }
            ticket = n > 0 ? jobs.deleteSeqs(seqs, n, durable()) : 0;
            ready = ready();
            inFlight = table.inFlight();
        } finally {
            jobs.unlock();
        }
        afterRelease(n);
        long logged = System.nanoTime();
        return jobs.whenDurable(ticket).thenApply(v -> new LeaseResult(name(), n, skipped, ready, inFlight, Map.of(),
                ticket == 0 ? 0 : Math.max(1, System.nanoTime() - logged)));
    }

    /**
     * Nacks: ends the held leases; the jobs are ready {@code delayMs} from now.
     *
     * @param r the request, already checked
     * @param delayMs the delay, already clamped
     * @return the outcome once durable
     */
    CompletableFuture<LeaseResult> nack(LeaseRequest r, long delayMs) {
        return transition(r, LeaseBody.RELEASED, delayMs);
    }

    /**
     * Extends the held leases to {@code leaseMs} from now.
     *
     * @param r the request, already checked
     * @param leaseMs the lease length, already clamped
     * @return the outcome once durable, with the new deadlines
     */
    CompletableFuture<LeaseResult> extend(LeaseRequest r, long leaseMs) {
        return transition(r, LeaseBody.EXTENDED, leaseMs);
    }

    private CompletableFuture<LeaseResult> transition(LeaseRequest r, byte kind, long ms) {
        long now = ctx.now();
        List<Long> skipped = new ArrayList<>();
        Map<Long, Long> deadlines = new LinkedHashMap<>();
        List<JobEntry> held;
        List<JobEntry> before = new ArrayList<>();
        long ticket = 0;
        long ready;
        long inFlight;
        jobs.lock();
        try {
            jobs.start(now);
            settle(now);
            held = table.held(r, jobs, skipped);
            for (JobEntry e : held) {
                before.add(LeaseTable.copy(e));
                if (kind == LeaseBody.RELEASED) {
                    table.release(e, now + ms);
                } else {
                    table.extend(e, now + ms);
                    deadlines.put(e.seq, e.deadline);
                }
            }
            table.settle(now);
            if (durable() && jobs.journaled() && !held.isEmpty()) {
                try {
                    ticket = jobs.log(LeaseLog.frame(kind, held), true);
                } catch (RuntimeException e) {
                    undo(kind, held, before);
                    throw e;
                }
            }
            ready = ready();
            inFlight = table.inFlight();
        } finally {
            jobs.unlock();
        }
        if (kind == LeaseBody.RELEASED) {
            afterRelease(held.size());
        }
        long logged = System.nanoTime();
        long t = ticket;
        return jobs.whenDurable(ticket).handle((v, failure) -> {
            if (failure != null) {
                jobs.lock();
                try {
                    undo(kind, held, before);
                } finally {
                    jobs.unlock();
                }
                throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
            }
            return new LeaseResult(name(), held.size(), skipped, ready, inFlight, deadlines,
                    t == 0 ? 0 : Math.max(1, System.nanoTime() - logged));
        });
    }

    /** Takes back nacks or extends that could not be made durable and were not overtaken since. */
    private void undo(byte kind, List<JobEntry> after, List<JobEntry> before) {
        for (int i = 0; i < after.size(); i++) {
            JobEntry e = after.get(i);
            JobEntry b = before.get(i);
            boolean untouched = table.get(e.seq) == e && (kind == LeaseBody.RELEASED
                    ? e.state == JobEntry.RELEASED : e.state == JobEntry.LEASED && e.leaseId == b.leaseId);
            if (untouched) {
                table.undo(b, e.seq);
            }
        }
    }

    /**
     * @param seq a job
     * @param node a holder
     * @param now the clock reading
     * @return the id of the lease {@code node} holds on the job, if it has not expired at {@code now}; else null
     */
    String leaseHeld(long seq, String node, long now) {
        jobs.lock();
        try {
            JobEntry e = table.get(seq);
            return e != null && e.heldBy(node, 0) && now <= e.deadline ? LeaseIds.format(e.leaseId) : null;
        } finally {
            jobs.unlock();
        }
    }

    /** Jobs came back or capacity freed: push subscriptions may take more. */
    void afterRelease(int n) {
        if (n > 0) {
            feeds.released();
        }
    }

    /** @return the push subscriptions of this queue */
    PushFeeds feeds() {
        return feeds;
    }

    // ------------------------------------------------------------------------------------ dead letters

    /**
     * A dead-letter move ended: on success the job is deleted from the queue and counted.
     *
     * @param seq the job
     * @param copied whether the copy was appended
     */
    void moved(long seq, boolean copied) {
        jobs.lock();
        try {
            JobEntry e = table.get(seq);
            if (e == null || !e.moving || jobs.ended()) {
                return;
            }
            e.moving = false;
            if (copied) {
                try {
                    jobs.deleteSeqs(new long[]{seq}, 1, durable());
                    deadLettered++;
                } catch (SeqlogException readOnly) {
                    // the job stays ready and is moved again by a later pass (a duplicate copy is permitted)
                }
            }
        } finally {
            jobs.unlock();
        }
    }

    void execute(Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RuntimeException rejected) {
            // the engine is closing; ended() tells everyone waiting
        }
    }

    /**
     * @return each job with lease state, as {@code seq -> "deliveries state holder leaseId time"}, for tests and
     *         diagnostics
     */
    java.util.SortedMap<Long, String> describe() {
        jobs.lock();
        try {
            return table.describe();
        } finally {
            jobs.unlock();
        }
    }

    // ---------------------------------------------------------------------------------- attachment

    @Override
    public void removed(long seq) {
        table.removed(seq);
    }

    @Override
    public QueueCounters counters(long now) {
        settle(now);
        return new QueueCounters(ready(), table.inFlight(), deadLettered);
    }

    @Override
    public ByteBuffer capture() {
        // with an external log, lease state is replicated state: a replica restarted from a checkpoint must hold
        // the leases the others hold, whatever leases_durable says
        return LeaseLog.capture(table, jobs.id(), deadLettered, durable() || ctx.externalLog());
    }

    @Override
    public void restore(ByteBuffer content) throws CorruptionException {
        deadLettered = LeaseLog.restore(table, content);
    }

    @Override
    public void replay(ByteBuffer body) throws CorruptionException {
        LeaseLog.replay(table, jobs, body);
    }

    @Override
    public long reconfigured(TopicConfig before, TopicConfig after) {
        if (before.leasesDurable() || !after.leasesDurable() || table.size() == 0 || !jobs.journaled()) {
            return 0;
        }
        // leases taken before the switch are in no frame: log them all now, before the change is acknowledged
        List<JobEntry> all = new ArrayList<>();
        table.all().forEach(all::add);
        return jobs.log(LeaseLog.image(all), true);
    }

    @Override
    public void replayFinished() {
        if (!durable() && !ctx.externalLog()) {
            table.clear();
        }
        table.freshFrom = 0;
    }

    @Override
    public void ended() {
        List<Claimer> cohort;
        List<WorkFeed> fs;
        jobs.lock();
        try {
            cohort = window.takeAll();
            fs = feeds.takeAll();
            table.clear();
        } finally {
            jobs.unlock();
        }
        window.cancelTimer();
        feeds.stopWaiting();
        SeqlogException e = ctx.closed().getAsBoolean()
                ? new SeqlogException(ErrorCode.SHUTTING_DOWN, "the engine is closed")
                : SeqlogException.topicNotFound(name());
        ClaimWindow.fail(cohort, e);
        for (WorkFeed f : fs) {
            f.fail(e);
        }
    }
}
