package dev.seqlog.core.internal.notify;

import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Times out armed listeners on the engine's clock: a binary heap of listeners ordered by deadline (each
 * listener is its own heap node, so scheduling allocates nothing), served by one thread. The thread
 * sleeps until the earliest deadline, at most {@link #MAX_SLEEP_MS} at a time so that an injected clock
 * that jumps ahead is noticed promptly.
 *
 * <p>Thread-safe.
 */
public final class Deadlines implements AutoCloseable {
    /** Longest sleep between two looks at the clock while a deadline is pending. */
    static final long MAX_SLEEP_MS = 20;

    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final IndexedHeap<Listener> heap = new IndexedHeap<>();
    private boolean closed;
    private Thread thread;
    /**
     * When the thread looks at the heap next, on the engine clock; a deadline at or after it needs no signal.
     * Long.MAX_VALUE while it waits for the first deadline.
     */
    private long nextLook = Long.MAX_VALUE;

    /** @param clock the engine clock deadlines are read on */
    public Deadlines(InstantSource clock) {
        this.clock = clock;
    }

    /** @return deadlines pending */
    public int size() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    void schedule(Listener l, long deadline) {
        lock.lock();
        try {
            l.scheduledGeneration = l.generation;
            heap.set(l, deadline);
            if (heap.peek() == l && deadline < nextLook) {
                // only a deadline earlier than the thread's next look wakes it: under a steady stream of
                // waits (one per long-poll) the thread is signalled rarely, not once per wait
                if (thread == null && !closed) {
                    thread = new Thread(this::run, "seqlog-deadlines");
                    thread.setDaemon(true);
                    thread.start();
                }
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code timer}'s {@link Listener#onTimeout()} on the deadline thread once the engine clock reaches
     * {@code deadline}, replacing its previous deadline. The timer must never be armed on a topic's listeners.
     * A timer cancelled while it fires may still fire once: its callback checks whether it is still due.
     *
     * @param timer the timer
     * @param deadline engine-clock millis
     */
    public void scheduleTimer(Listener timer, long deadline) {
        schedule(timer, deadline);
    }

    /**
     * Cancels a timer's pending deadline, if any.
     *
     * @param timer the timer
     */
    public void cancelTimer(Listener timer) {
        cancel(timer);
    }

    void cancel(Listener l) {
        lock.lock();
        try {
            heap.remove(l);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        lock.lock();
        try {
            while (!closed) {
                Listener first = heap.peek();
                if (first == null) {
                    nextLook = Long.MAX_VALUE;
                    changed.awaitUninterruptibly();
                    continue;
                }
                long now = clock.millis();
                if (first.key() <= now) {
                    heap.remove(first);
                    long generation = first.scheduledGeneration;
                    lock.unlock();
                    try {
                        if (first.owner == null) {
                            first.onTimeout(); // a plain timer
                        } else {
                            first.owner.expire(first, generation);
                        }
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long wait = Math.min(first.key() - now, MAX_SLEEP_MS);
                nextLook = now + wait;
                try {
                    changed.await(wait, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread and waits for it; pending deadlines never fire. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
