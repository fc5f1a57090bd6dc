package dev.seqlog.server.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lifecycle state shared by all requests: uptime, the draining flag, the number of requests in
 * flight and the long-polls parked waiting for records. Thread-safe.
 */
public final class ServerState {
    private final long startNanos = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Set<Runnable> parked = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private int inFlight;

    /** @return milliseconds since the server was created */
    public long uptimeMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** @return long-polls parked now, waiting for records */
    public int parkedPolls() {
        return parked.size();
    }

    /** @return requests begun and not yet ended */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether shutdown has begun */
    public boolean draining() {
        return draining;
    }

    void requestStarted() {
        lock.lock();
        try {
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    void requestEnded() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Registers a parked long-poll's early-wake action; it runs at most once on drain. */
    void park(Runnable wake) {
        parked.add(wake);
        if (draining && parked.remove(wake)) {
            wake.run();
        }
    }

    void unpark(Runnable wake) {
        parked.remove(wake);
    }

    /**
     * Starts draining: new requests get 503 shutting_down, and parked long-polls answer at once.
     */
    public void startDraining() {
        draining = true;
        for (Runnable r : parked) {
            if (parked.remove(r)) {
                r.run();
            }
        }
    }

    /**
     * Waits until no request is in flight, or the grace period ends.
     *
     * @param graceMs the longest wait
     * @return whether the server went idle in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitIdle(long graceMs) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(graceMs);
        lock.lock();
        try {
            while (inFlight > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
