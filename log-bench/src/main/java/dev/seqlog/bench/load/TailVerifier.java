package dev.seqlog.bench.load;

import org.HdrHistogram.Histogram;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;

/**
 * What one W4 reader saw, on either server: each delivered entry's position in the log (a seq, or a packed
 * Redis stream id), the sender's index
 * and the sender's {@code System.nanoTime()}; counts duplicates, entries out of log order and malformed
 * entries, and records write-to-delivery latency. Confined to the reader's thread; read by the harness after
 * the reader has finished.
 */
public final class TailVerifier {
    private static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final int expected;
    private final int warmup;
    private final BitSet seen;
    private final Histogram latency = new Histogram(HIST_MAX_NANOS, 3);
    private long duplicates;
    private long outOfOrder;
    private long malformed;
    private long lastId = -1;

    /**
     * @param expected the number of entries the senders write, with indexes {@code 0..expected-1}
     */
    public TailVerifier(int expected) {
        this(expected, 0);
    }

    /**
     * @param expected the number of entries the senders write, with indexes {@code 0..expected-1}
     * @param warmup entries with an index below this are verified but left out of the latency histogram (the
     *               reader's JVM compiles its read path meanwhile)
     */
    public TailVerifier(int expected, int warmup) {
        this.expected = expected;
        this.warmup = warmup;
        this.seen = new BitSet(expected);
    }

    /**
     * @param id the entry's position in the log, which must grow from one delivery to the next
     * @param index the sender's index of the entry, or -1 if it could not be read
     * @param sentNanos the sender's clock at send, or -1 if it could not be read
     * @param arrivedNanos the reader's clock when the response carrying the entry arrived
     */
    public void delivered(long id, long index, long sentNanos, long arrivedNanos) {
        if (id <= lastId) {
            outOfOrder++;
        }
        lastId = Math.max(lastId, id);
        if (index < 0 || index >= expected || sentNanos < 0) {
            malformed++;
            return;
        }
        if (seen.get((int) index)) {
            duplicates++;
        } else {
            seen.set((int) index);
        }
        if (index >= warmup) {
            latency.recordValue(Math.max(0, Math.min(arrivedNanos - sentNanos, HIST_MAX_NANOS)));
        }
    }

    /** @return whether every entry arrived exactly once, in log order, and none was malformed */
    public boolean complete() {
        return seen.cardinality() == expected && duplicates == 0 && outOfOrder == 0 && malformed == 0;
    }

    /** @return whether every index has arrived at least once, so the reader can stop */
    public boolean sawAll() {
        return seen.cardinality() == expected;
    }

    public long missing() {
        return expected - seen.cardinality();
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long malformed() {
        return malformed;
    }

    public Histogram latency() {
        return latency;
    }
}
