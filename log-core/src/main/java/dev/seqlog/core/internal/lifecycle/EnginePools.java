package dev.seqlog.core.internal.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The engine's shared worker threads: the readers that run a long-poll's read after a wake, the fixed
 * delivery pool of watch subscriptions that name no executor of their own (a thousand watchers never mean a
 * thousand threads), and the fixed pool router forwarders run on. Both stop with the engine. Thread-safe.
 */
public final class EnginePools {
    private static final Logger LOG = LoggerFactory.getLogger(EnginePools.class);

    private final ExecutorService readers = Executors.newCachedThreadPool(daemon("seqlog-read"));
    private final ExecutorService deliveries = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("seqlog-watch"));
    private final ExecutorService routes = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("seqlog-route"));

    /** @return the pool that runs long-poll reads after a wake */
    public ExecutorService readers() {
        return readers;
    }

    /** @return the pool that runs watch deliveries */
    public ExecutorService deliveries() {
        return deliveries;
    }

    /** @return the pool that runs router forwarders */
    public ExecutorService routes() {
        return routes;
    }

    /**
     * Starts the once-per-second TTL sweep on its own thread.
     *
     * @param sweep expires what is due in every topic
     * @return the sweeper, which the engine stops first when it closes
     */
    public static ScheduledExecutorService startExpirySweep(Runnable sweep) {
        ScheduledExecutorService sweeper = Executors.newScheduledThreadPool(1, daemon("seqlog-ttl-sweeper"));
        sweeper.scheduleWithFixedDelay(sweep, 1, 1, TimeUnit.SECONDS);
        return sweeper;
    }

    /** Stops both pools once their queued work has run; returns when their threads have ended (30 s at most). */
    public void close() {
        readers.shutdown();
        deliveries.shutdown();
        routes.shutdown();
        awaitStop(readers, "seqlog-read");
        awaitStop(deliveries, "seqlog-watch");
        awaitStop(routes, "seqlog-route");
    }

    /**
     * Waits for a pool's threads to end.
     *
     * @param pool the pool, shut down
     * @param name its threads' name, for the warning
     */
    public static void awaitStop(ExecutorService pool, String name) {
        try {
            if (!DaemonThreads.awaitEnd(pool, TimeUnit.SECONDS.toNanos(30))) {
                LOG.warn("engine thread did not stop within 30 s: thread={}", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return new DaemonThreads(name);
    }
}
