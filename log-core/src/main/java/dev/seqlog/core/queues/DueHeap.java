package dev.seqlog.core.queues;

import java.util.Arrays;

/**
 * The counted entries of a queue ordered by when {@link LeaseTable#settle} must look at them: a lease's
 * deadline + 1, or the end of a nack delay. Each entry is its own heap node (it keeps its index), so moving a
 * deadline or dropping an acked job is O(log n) and leaves nothing behind.
 *
 * <p>Not thread-safe: guarded by the queue topic's lock.
 */
final class DueHeap {
    private JobEntry[] heap = new JobEntry[64];
    private int size;

    /** @return entries in the heap */
    int size() {
        return size;
    }

    /** @return the entry due first, or null */
    JobEntry peek() {
        return size == 0 ? null : heap[0];
    }

    /** Puts {@code e} in the heap at {@code due}, or moves it there. */
    void set(JobEntry e, long due) {
        e.due = due;
        if (e.heapIndex < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = e;
            e.heapIndex = size++;
        }
        siftDown(e.heapIndex);
        siftUp(e.heapIndex);
    }

    /** Takes {@code e} out of the heap if it is in it. */
    void remove(JobEntry e) {
        int i = e.heapIndex;
        if (i < 0) {
            return;
        }
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
        e.heapIndex = -1;
    }

    /** Empties the heap. */
    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].due <= heap[i].due) {
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
            int c = l + 1 < size && heap[l + 1].due < heap[l].due ? l + 1 : l;
            if (heap[i].due <= heap[c].due) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        JobEntry t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
        heap[a].heapIndex = a;
        heap[b].heapIndex = b;
    }
}
