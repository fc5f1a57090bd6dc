package dev.seqlog.core.internal.notify;

import java.util.Arrays;

/**
 * A binary min-heap of nodes ordered by a {@code long} key, in which every node keeps its own position: adding,
 * re-keying and removing a node are O(log n) and allocate nothing, and a removed node leaves nothing behind.
 * The deadline thread's listeners and a queue's lease deadlines are such nodes.
 *
 * <p>Not thread-safe: guarded by its owner.
 *
 * @param <N> the node type
 */
public final class IndexedHeap<N extends IndexedHeap.Node> {
    /** A node: its key and its position while it is in a heap. Guarded by the heap's owner. */
    public abstract static class Node {
        long key = Long.MAX_VALUE;
        int heapIndex = -1;

        /** @return the key it was last given */
        public final long key() {
            return key;
        }
    }

    private Node[] heap = new Node[64];
    private int size;

    /** @return nodes in the heap */
    public int size() {
        return size;
    }

    /** @return the node with the smallest key, or null */
    @SuppressWarnings("unchecked") // only N is ever put in
    public N peek() {
        return size == 0 ? null : (N) heap[0];
    }

    /**
     * Puts {@code n} in the heap with {@code key}, or moves it there if it is in already.
     *
     * @param n the node
     * @param key its key
     */
    public void set(N n, long key) {
        n.key = key;
        if (n.heapIndex < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = n;
            n.heapIndex = size++;
        }
        siftDown(n.heapIndex);
        siftUp(n.heapIndex);
    }

    /**
     * Takes {@code n} out of the heap if it is in it.
     *
     * @param n the node
     */
    public void remove(N n) {
        int i = n.heapIndex;
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
        n.heapIndex = -1;
    }

    /** Empties the heap. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].key <= heap[i].key) {
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
            int c = l + 1 < size && heap[l + 1].key < heap[l].key ? l + 1 : l;
            if (heap[i].key <= heap[c].key) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        Node t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
        heap[a].heapIndex = a;
        heap[b].heapIndex = b;
    }
}
