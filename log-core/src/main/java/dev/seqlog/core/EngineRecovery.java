package dev.seqlog.core;

import dev.seqlog.core.internal.lifecycle.DurableStore;
import dev.seqlog.core.internal.lifecycle.Startup;
import dev.seqlog.core.internal.segment.BufferPool;
import dev.seqlog.core.internal.topic.TopicRegistry;
import dev.seqlog.core.routers.Routers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The background recovery of an engine with a data directory: one thread runs {@link Startup} and tells the
 * engine's status how it ended. Data calls answer {@code not_ready} meanwhile; close waits for the thread.
 *
 * <p>Thread-safe.
 */
final class EngineRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(EngineRecovery.class);

    private final Thread thread;

    private EngineRecovery(Runnable body) {
        this.thread = new Thread(body, "seqlog-recovery");
        thread.setDaemon(true);
    }

    /** Starts recovering {@code store} into {@code registry}. */
    static EngineRecovery start(DurableStore store, EngineOptions options, TopicRegistry registry, BufferPool pool,
                                EngineStatus status, Routers routers) {
        EngineRecovery r = new EngineRecovery(() -> run(store, options, registry, pool, status, routers));
        r.thread.start();
        return r;
    }

    private static void run(DurableStore store, EngineOptions options, TopicRegistry registry, BufferPool pool,
                            EngineStatus status, Routers routers) {
        try {
            Startup.run(store, options, registry, pool, status::progress, status::closed, routers.replay(),
                    routers::capture);
            routers.start();
            status.recovered();
        } catch (IOException e) {
            // corruption, an unsupported format, an unreadable file: the message names the file and what is
            // wrong, so the operator gets one line; the trace is for debugging
            LOG.error("recovery failed: dataDir={}: {}", options.dataDir(), e.getMessage());
            LOG.debug("recovery failure", e);
            status.failed(e);
        } catch (RuntimeException | Error e) {
            LOG.error("recovery failed: dataDir={}", options.dataDir(), e);
            status.failed(e);
        }
    }

    /** Waits until the recovery thread has ended. */
    void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
