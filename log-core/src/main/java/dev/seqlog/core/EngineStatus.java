package dev.seqlog.core;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.lifecycle.DurableStore;

import java.util.concurrent.CountDownLatch;

/**
 * Where an engine is in its life: recovering (with its progress), ready, failed to recover, or closed; and the
 * check every call makes against it. Thread-safe: written by the recovery thread and {@code close}, read by any.
 */
final class EngineStatus {
    private final CountDownLatch recovered = new CountDownLatch(1);
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile double progress;
    private volatile Throwable failure;

    /** Recovery has replayed this fraction of the log. */
    void progress(double p) {
        progress = p;
    }

    /** Recovery finished: data calls are served from now on. */
    void recovered() {
        progress = 1.0;
        ready = true;
        recovered.countDown();
    }

    /** Recovery stopped with {@code e}: data calls fail with it. */
    void failed(Throwable e) {
        failure = e;
        recovered.countDown();
    }

    /** @return false if the engine was closed already; marks it closed */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    boolean closed() {
        return closed;
    }

    boolean ready() {
        return ready;
    }

    double progress() {
        return progress;
    }

    Throwable failure() {
        return failure;
    }

    /** Waits until recovery has ended. @throws SeqlogException internal if it failed */
    void awaitRecovered(Object dataDir) {
        try {
            recovered.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeqlogException(ErrorCode.NOT_READY, "interrupted while waiting for recovery");
        }
        if (failure != null) {
            throw DurableStore.storageFailure("recovery failed for " + dataDir, failure);
        }
    }

    /** @throws SeqlogException shutting_down once closed; not_ready, or internal, until recovery succeeded */
    void checkOpen() {
        if (closed) {
            throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "the engine is closed");
        }
        if (!ready) {
            if (failure != null) {
                throw DurableStore.storageFailure("recovery failed", failure);
            }
            throw new SeqlogException(ErrorCode.NOT_READY, "recovery in progress").with("replay_progress", progress);
        }
    }
}
