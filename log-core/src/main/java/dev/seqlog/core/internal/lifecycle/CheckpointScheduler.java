package dev.seqlog.core.internal.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decides when checkpoints run and keeps writers from outrunning them. A background thread runs one as soon
 * as the WAL has grown by the trigger size since the last (writers wake it), and after the interval if the
 * WAL grew at all. Because records wait in memory until a checkpoint moves them to segment files, a writer
 * that finds more than the backlog bound of WAL growth not yet checkpointed is admitted only once a pass has
 * reduced it: memory stays bounded when writes are faster than the disk. The wait is a future, so no
 * thread is held while it lasts.
 *
 * <p>Thread-safe.
 */
public final class CheckpointScheduler implements AutoCloseable {
    /** The admission of a writer that need not wait. */
    static final CompletableFuture<Void> ADMITTED = CompletableFuture.completedFuture(null);

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointScheduler.class);
    private static final long POLL_MS = 1000;

    private final LongSupplier walBytes;
    private final InstantSource clock;
    private final long triggerBytes;
    private final long intervalMs;
    private final long backlogBytes;
    private final Runnable pass;
    private final BooleanSupplier stopped;
    private final Object monitor = new Object();
    private final boolean background;
    private final Executor releaser;
    private Thread thread;
    /** Admissions that had to wait; written under monitor. */
    private volatile long admissionWaits;
    /** Writers waiting for the backlog to shrink; guarded by monitor. */
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();

    // written under monitor; bytesAtLast also read without it by writers
    private volatile long bytesAtLast;
    private long lastAt;
    private boolean closing;
    private boolean requested;

    /**
     * @param walBytes bytes submitted to the WAL so far
     * @param clock the engine clock (the interval is measured on it)
     * @param triggerBytes WAL growth that makes a checkpoint due
     * @param intervalMs time after which any growth makes a checkpoint due
     * @param pass runs one checkpoint and reports it through {@link #completed}; may throw
     * @param stopped whether checkpoints can no longer run (engine closed or read-only)
     * @param background whether to run the thread (tests that drive checkpoints themselves turn it off)
     * @param releaser completes the admissions of waiting writers, so their appends do not run on the
     *        checkpoint thread
     */
    public CheckpointScheduler(LongSupplier walBytes, InstantSource clock, long triggerBytes, long intervalMs,
                               Runnable pass, BooleanSupplier stopped, boolean background, Executor releaser) {
        this.releaser = releaser;
        this.walBytes = walBytes;
        this.clock = clock;
        this.triggerBytes = triggerBytes;
        this.intervalMs = intervalMs;
        this.backlogBytes = 4 * triggerBytes;
        this.pass = pass;
        this.stopped = stopped;
        this.background = background;
    }

    /** Starts the background thread, counting from now. */
    public void start() {
        synchronized (monitor) {
            bytesAtLast = walBytes.getAsLong();
            lastAt = clock.millis();
        }
        if (background) {
            thread = new Thread(this::loop, "seqlog-checkpoint");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Records a finished checkpoint.
     *
     * @param walBytesAtStart WAL bytes submitted when it began
     * @param at the clock reading when it began
     */
    public void completed(long walBytesAtStart, long at) {
        synchronized (monitor) {
            bytesAtLast = Math.max(bytesAtLast, walBytesAtStart);
            lastAt = at;
            release(false);
            monitor.notifyAll();
        }
    }

    /**
     * Called by a writer before it appends: wakes the thread when a checkpoint is due, and returns a future
     * that completes once the backlog is within its bound (at once in the common case). A writer is held
     * back only while a background thread is there to reduce the backlog.
     *
     * @return the admission
     */
    CompletableFuture<Void> admission() {
        long backlog = walBytes.getAsLong() - bytesAtLast;
        if (backlog < triggerBytes || thread == null) {
            return ADMITTED;
        }
        synchronized (monitor) {
            if (!requested) {
                requested = true;
                monitor.notifyAll();
            }
            if (walBytes.getAsLong() - bytesAtLast > backlogBytes && !closing && !stopped.getAsBoolean()
                    && thread.isAlive()) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                waiting.add(f);
                admissionWaits++;
                return f;
            }
        }
        return ADMITTED;
    }

    /** @return how many admissions had to wait for a checkpoint since start */
    long admissionWaits() {
        return admissionWaits;
    }

    /** Releases the waiting writers if the backlog is within its bound, or unconditionally. Holds monitor. */
    private void release(boolean all) {
        if (waiting.isEmpty() || (!all && walBytes.getAsLong() - bytesAtLast > backlogBytes)) {
            return;
        }
        List<CompletableFuture<Void>> go = waiting;
        waiting = new ArrayList<>();
        releaser.execute(() -> go.forEach(f -> f.complete(null)));
    }

    private void loop() {
        try {
            passes();
        } finally {
            synchronized (monitor) {
                release(true); // nobody is left to reduce the backlog: writers go on
            }
        }
    }

    private void passes() {
        while (true) {
            synchronized (monitor) {
                while (!closing && !due()) {
                    try {
                        monitor.wait(POLL_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing) {
                    return;
                }
                requested = false;
            }
            if (stopped.getAsBoolean()) {
                return;
            }
            try {
                pass.run();
            } catch (RuntimeException e) {
                LOG.debug("background checkpoint did not complete", e);
            }
            synchronized (monitor) {
                if (stopped.getAsBoolean()) {
                    release(true); // a failed pass made the store read-only: writers fail fast instead
                }
                monitor.notifyAll();
            }
        }
    }

    /** Caller holds the monitor. */
    private boolean due() {
        long grown = walBytes.getAsLong() - bytesAtLast;
        return requested || grown >= triggerBytes || (grown > 0 && clock.millis() - lastAt >= intervalMs);
    }

    /** Stops the thread after the pass in progress, and releases waiting writers. */
    @Override
    public void close() {
        synchronized (monitor) {
            closing = true;
            release(true);
            monitor.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
