package dev.seqlog.bench.queue;

import java.util.Arrays;

/** A growable array of longs, so a worker can note a million job keys without boxing them. Not thread-safe. */
final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    /**
     * @param into where to copy the values
     * @param at the index in {@code into} of the first one
     */
    void copyTo(long[] into, int at) {
        System.arraycopy(values, 0, into, at, size);
    }
}
