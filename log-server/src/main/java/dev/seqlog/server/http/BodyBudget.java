package dev.seqlog.server.http;

import java.util.ArrayDeque;

/**
 * Bounds the request-body bytes the server holds at once. A request whose body would pass the bound is not
 * refused: its body is simply not read until earlier ones are done, so the client is held back by TCP flow
 * control and the server's memory stays near the bound however many large uploads arrive together. Small
 * bodies (at most {@link #SMALL} bytes) never wait. Thread-safe.
 */
final class BodyBudget {
    /** Bodies up to this size are not counted: they cost little, and a write must never queue behind uploads. */
    static final long SMALL = 64 << 10;

    private final long capacity;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private long used;

    private record Waiter(long bytes, Runnable start) {
    }

    /** @param capacity the body bytes held at once; 0 for no bound */
    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /**
     * What a body of {@code bytes} counts against the bound: 0 for a small body or no bound, and never more
     * than the bound (one body larger than the bound still goes through, alone).
     *
     * @param bytes its declared length, or the body limit for a chunked body
     * @return the bytes to take and later release
     */
    long charge(long bytes) {
        return capacity == 0 || bytes <= SMALL ? 0 : Math.min(bytes, capacity);
    }

    /**
     * Takes {@code charge} bytes now if they fit and nobody waits before them; otherwise queues {@code later},
     * which runs (on the releasing thread) once they have been taken for it.
     *
     * @param charge from {@link #charge}
     * @param later what starts the body when it had to wait
     * @return true if taken now ({@code later} will never run)
     */
    boolean take(long charge, Runnable later) {
        if (charge == 0) {
            return true;
        }
        synchronized (this) {
            if (waiting.isEmpty() && used + charge <= capacity) {
                used += charge;
                return true;
            }
            waiting.add(new Waiter(charge, later));
            return false;
        }
    }

    /** Returns bytes taken by {@link #take} and starts the waiting bodies that now fit, in order. */
    void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        ArrayDeque<Runnable> now = new ArrayDeque<>();
        synchronized (this) {
            used -= bytes;
            while (!waiting.isEmpty() && used + waiting.peek().bytes <= capacity) {
                Waiter w = waiting.poll();
                used += w.bytes;
                now.add(w.start);
            }
        }
        now.forEach(Runnable::run);
    }

    /**
     * Forgets a waiting body whose exchange ended before it started (the client went away).
     *
     * @param start the waiter's start, as given to {@link #take}
     * @return whether it was still waiting (its bytes were never counted)
     */
    synchronized boolean cancel(Runnable start) {
        return waiting.removeIf(w -> w.start == start);
    }

    /** @return body bytes held now */
    synchronized long used() {
        return used;
    }

    /** @return bodies waiting for room */
    synchronized int waiting() {
        return waiting.size();
    }
}
