package dev.seqlog.core.internal.notify;

import java.time.InstantSource;
import java.util.Arrays;
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
    private Listener[] heap = new Listener[64];
    private int size;
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
            return size;
        } finally {
            lock.unlock();
        }
    }

    void schedule(Listener l, long deadline) {
        lock.lock();
        try {
            if (l.heapIndex >= 0) {
                removeAt(l.heapIndex);
            }
            l.deadline = deadline;
            l.scheduledGeneration = l.generation;
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = l;
            l.heapIndex = size;
            size++;
            siftUp(size - 1);
            if (heap[0] == l && deadline < nextLook) {
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
            if (l.heapIndex >= 0) {
                removeAt(l.heapIndex);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        lock.lock();
        try {
            while (!closed) {
                if (size == 0) {
                    nextLook = Long.MAX_VALUE;
                    changed.awaitUninterruptibly();
                    continue;
                }
                long now = clock.millis();
                Listener first = heap[0];
                if (first.deadline <= now) {
                    removeAt(0);
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
                long wait = Math.min(first.deadline - now, MAX_SLEEP_MS);
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

    // ---------------------------------------------------------------------------- heap, under lock

    private void removeAt(int i) {
        Listener gone = heap[i];
        size--;
        if (i != size) {
            heap[i] = heap[size];
            heap[i].heapIndex = i;
            heap[size] = null;
            siftDown(i);
            siftUp(i);
        } else {
            heap[size] = null;
        }
        gone.heapIndex = -1;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].deadline <= heap[i].deadline) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int c = l + 1 < size && heap[l + 1].deadline < heap[l].deadline ? l + 1 : l;
            if (heap[i].deadline <= heap[c].deadline) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        Listener t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
        heap[a].heapIndex = a;
        heap[b].heapIndex = b;
    }
}
