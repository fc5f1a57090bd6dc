package dev.seqlog.core.internal.segment;

import java.util.Arrays;

/**
 * A growable list of primitive longs with cheap removal from the front, used for ascending seq lists.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
public final class LongList {
    private long[] values = new long[4];
    private int head;
    private int tail;

    public void add(long v) {
        if (tail == values.length) {
            if (head > values.length / 2) {
                System.arraycopy(values, head, values, 0, tail - head);
                tail -= head;
                head = 0;
            } else {
                values = Arrays.copyOf(values, values.length * 2);
            }
        }
        values[tail++] = v;
    }

    int size() {
        return tail - head;
    }

    public boolean isEmpty() {
        return tail == head;
    }

    public long get(int i) {
        return values[head + i];
    }

    /** Removes the first {@code n} values. */
    public void removeFirst(int n) {
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
            if (values.length > 64) {
                values = new long[4];
            }
        }
    }

    /** Number of leading values strictly below {@code bound} (the list is ascending). */
    public int countBelow(long bound) {
        int lo = head;
        int hi = tail;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - head;
    }
}
