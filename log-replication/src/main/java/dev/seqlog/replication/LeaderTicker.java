package dev.seqlog.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Keeps the log clock moving while nothing is written: every interval, the leader proposes a {@link Command.Tick}
 * if the log's time lags its own clock by an interval or more. The log clock moves only when entries are applied,
 * so without ticks TTL expiry would stall on every replica of an idle cluster. Under load the writes' own entries
 * move it, and no tick is sent.
 *
 * <p>Thread-safe; runs on its own daemon thread, stopped by {@link #close()}.
 */
final class LeaderTicker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderTicker.class);

    private final ScheduledExecutorService timer;
    private final BooleanSupplier isLeader;
    private final InstantSource clock;
    private final LogClock logClock;
    private final BatchingProposer proposer;
    private final long intervalMs;
    private final AtomicBoolean tickPending = new AtomicBoolean();

    LeaderTicker(String nodeId, long intervalMs, BooleanSupplier isLeader, InstantSource clock, LogClock logClock,
                 BatchingProposer proposer) {
        this.isLeader = isLeader;
        this.clock = clock;
        this.logClock = logClock;
        this.proposer = proposer;
        this.intervalMs = intervalMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seqlog-repl-" + nodeId + "-tick");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::maybeTick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void maybeTick() {
        try {
            if (!isLeader.getAsBoolean() || clock.millis() - logClock.millis() < intervalMs
                    || !tickPending.compareAndSet(false, true)) {
                return;
            }
            proposer.submit(Command.TICK).whenComplete((r, failure) -> {
                tickPending.set(false);
                if (failure != null) {
                    LOG.debug("a tick was not committed: {}", failure.toString());
                }
            });
        } catch (RuntimeException e) {
            tickPending.set(false);
            LOG.warn("the tick timer failed; it runs again in {} ms", intervalMs, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the tick timer did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
