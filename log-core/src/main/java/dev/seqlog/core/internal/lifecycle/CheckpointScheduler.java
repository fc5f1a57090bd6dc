package dev.seqlog.core.internal.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decides when checkpoints run and keeps writers from outrunning them. A background thread runs one as soon
 * as the WAL has grown by the trigger size since the last (writers wake it), and after the interval if the
 * WAL grew at all. Because records wait in memory until a checkpoint moves them to segment files, a writer
 * that finds more than the backlog bound of WAL growth not yet checkpointed waits for the running pass:
 * memory stays bounded when writes are faster than the disk.
 *
 * <p>Thread-safe.
 */
public final class CheckpointScheduler implements AutoCloseable {
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
    private Thread thread;

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
     */
    public CheckpointScheduler(LongSupplier walBytes, InstantSource clock, long triggerBytes, long intervalMs, Runnable pass,
                        BooleanSupplier stopped, boolean background) {
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
            monitor.notifyAll();
        }
    }

    /**
     * Called by a writer before it appends: wakes the thread when a checkpoint is due, and waits while the
     * backlog exceeds its bound and a background thread is there to reduce it.
     */
    public void admit() {
        long backlog = walBytes.getAsLong() - bytesAtLast;
        if (backlog < triggerBytes || thread == null) {
            return;
        }
        synchronized (monitor) {
            if (!requested) {
                requested = true;
                monitor.notifyAll();
            }
            while (walBytes.getAsLong() - bytesAtLast > backlogBytes && !closing && !stopped.getAsBoolean()
                    && thread.isAlive()) {
                try {
                    monitor.wait(POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void loop() {
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
                monitor.notifyAll(); // writers waiting on a failed pass look again
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
