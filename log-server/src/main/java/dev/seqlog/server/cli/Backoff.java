package dev.seqlog.server.cli;

/**
 * The pauses between reconnect attempts: 100 ms, doubling up to 5 s, and back to 100 ms once a connection
 * works again. Bounded so that a long outage is polled every few seconds, not hammered nor abandoned.
 * Confined to one thread.
 */
final class Backoff {
    static final long FIRST_MS = 100;
    static final long MAX_MS = 5000;

    /** Waits between attempts; replaced by tests so that no real time passes. */
    @FunctionalInterface
    interface Sleeper {
        /** Waits {@code ms} milliseconds, or less if interrupted. */
        void sleep(long ms) throws InterruptedException;
    }

    private long nextMs = FIRST_MS;

    /** @return the pause before the next attempt; each call doubles the one after, up to the maximum */
    long next() {
        long ms = nextMs;
        nextMs = Math.min(MAX_MS, ms * 2);
        return ms;
    }

    /** A connection worked: the next outage starts with a short pause again. */
    void reset() {
        nextMs = FIRST_MS;
    }
}
