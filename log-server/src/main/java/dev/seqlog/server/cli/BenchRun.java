package dev.seqlog.server.cli;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the writer and readers of one {@code bench} share: running totals for the progress line, the last
 * seq written once writing is over, and the first failure, which stops everyone. Thread-safe.
 */
final class BenchRun {
    final String topic;
    final AtomicLong written = new AtomicLong();
    final AtomicLong writtenBytes = new AtomicLong();
    final AtomicLong read = new AtomicLong();
    final AtomicLong readBytes = new AtomicLong();
    /** When the latest record arrived ({@link System#nanoTime()}): reading ends there, not at an empty poll. */
    final AtomicLong lastReadAt = new AtomicLong();
    /** The seq the readers must reach; -1 while the writer is still writing. */
    private final AtomicLong lastSeq = new AtomicLong(-1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    BenchRun(String topic) {
        this.topic = topic;
    }

    void writingDone(long last) {
        lastSeq.set(last);
    }

    long lastSeq() {
        return lastSeq.get();
    }

    /** Keeps the first failure; later ones are consequences of the stop it causes. */
    void fail(RuntimeException e) {
        failure.compareAndSet(null, e);
    }

    RuntimeException failure() {
        return failure.get();
    }

    boolean failed() {
        return failure.get() != null;
    }
}
