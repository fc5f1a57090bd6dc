package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicPage;
import dev.seqlog.core.ExternalLog;
import dev.seqlog.core.SeqlogEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Applies the commands of one committed entry to the engine, in order, each finished before the next starts: seqs
 * are assigned in log order, so every replica assigns the same ones. Refusals are results, not failures: the engine
 * refuses the same command the same way on every replica, and the proposer's caller gets that error.
 *
 * <p>Expiry needs no command of its own: TTL is applied by every read and write at the log clock's time, so it is
 * already the same everywhere. To also free expired records of topics nobody touches, a sweep visits every topic
 * on each tick and whenever a second of log time has passed since the last sweep.
 *
 * <p>Not thread-safe: confined to the thread that applies entries.
 */
final class EngineApplier {
    private static final Logger LOG = LoggerFactory.getLogger(EngineApplier.class);
    private static final long SWEEP_INTERVAL_MS = 1_000;

    private final LogClock clock;
    private long lastSweepMs = Long.MIN_VALUE;

    EngineApplier(LogClock clock) {
        this.clock = clock;
    }

    /** Applies {@code entry}, the log's entry at {@code index}, at its time; returns one outcome per command. */
    List<Outcome> apply(SeqlogEngine engine, long index, CommandCodec.Entry entry) {
        clock.advanceTo(entry.leaderTimeMs());
        ExternalLog log = engine.externalLog();
        log.applying(index); // the lease ids its claims hand out
        List<Outcome> out = new ArrayList<>(entry.commands().size());
        boolean tick = false;
        for (Command c : entry.commands()) {
            tick |= c instanceof Command.Tick;
            out.add(apply(engine, c));
        }
        log.forwardRouters(); // copies land after the entry that wrote their source, everywhere
        if (tick || clock.millis() - lastSweepMs >= SWEEP_INTERVAL_MS) {
            sweepExpired(engine);
            lastSweepMs = clock.millis();
        }
        return out;
    }

    private static Outcome apply(SeqlogEngine engine, Command c) {
        if (c instanceof Command.Append a) {
            return run(() -> engine.appendAsync(a.topic(), a.request(), a.createCheck()));
        } else if (c instanceof Command.Configure cfg) {
            return run(() -> engine.configureAsync(cfg.topic(), cfg.config()));
        } else if (c instanceof Command.DeleteTopic d) {
            return run(() -> engine.deleteTopicAsync(d.topic(), d.condition()));
        } else if (c instanceof Command.Delete d) {
            return run(() -> engine.deleteAsync(d.topic(), d.request()));
        } else if (c instanceof Command.Claim cl) {
            return run(() -> engine.claimAsync(cl.topic(), cl.request()));
        } else if (c instanceof Command.ClaimCohort co) {
            return run(() -> cohort(engine, co));
        } else if (c instanceof Command.PutRouter p) {
            return run(() -> engine.putRouterAsync(p.router(), p.spec()));
        } else if (c instanceof Command.DeleteRouter d) {
            return run(() -> engine.deleteRouterAsync(d.router()));
        } else if (c instanceof Command.Lease l) {
            return run(() -> switch (l.kind()) {
                case Command.Lease.ACK -> engine.ackAsync(l.topic(), l.request());
                case Command.Lease.NACK -> engine.nackAsync(l.topic(), l.request(), l.millis());
                default -> engine.extendAsync(l.topic(), l.request(), l.millis());
            });
        }
        return Outcome.ok(null); // a tick
    }

    /** Serves a cohort with one pass; each claim's refusal is its own outcome inside the cohort's. */
    private static CompletableFuture<CohortOutcome> cohort(SeqlogEngine engine, Command.ClaimCohort co) {
        List<Outcome> each = new ArrayList<>();
        for (CompletableFuture<?> f : engine.externalLog().claimCohort(co.topic(), co.requests())) {
            each.add(run(() -> f));
        }
        return CompletableFuture.completedFuture(new CohortOutcome(each));
    }

    /** Runs one engine call to completion; its refusal, thrown or in the future, becomes the outcome. */
    private static Outcome run(Supplier<? extends CompletableFuture<?>> call) {
        try {
            return Outcome.ok(call.get().get());
        } catch (SeqlogException e) {
            return Outcome.failed(e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SeqlogException s) {
                return Outcome.failed(s);
            }
            return unexpected(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unexpected(e);
        } catch (RuntimeException e) {
            return unexpected(e);
        }
    }

    private static Outcome unexpected(Throwable t) {
        LOG.error("applying a replicated command failed unexpectedly", t);
        return Outcome.failed(new SeqlogException(ErrorCode.INTERNAL,
                "the engine failed while applying a replicated write: " + t).with("reason", "apply_failed"));
    }

    /** Lists every topic: listing applies expiry to each, at the log clock's time. */
    private static void sweepExpired(SeqlogEngine engine) {
        ListRequest page = ListRequest.all().withPageSize(ListRequest.MAX_PAGE_SIZE);
        while (true) {
            TopicPage p = engine.list(page);
            if (p.nextCursor() == null || p.topics().isEmpty()) {
                return;
            }
            page = page.after(p.nextCursor());
        }
    }
}
