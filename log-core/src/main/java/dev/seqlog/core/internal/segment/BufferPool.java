package dev.seqlog.core.internal.segment;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reusable direct buffers in power-of-two size classes, so segment buffers are recycled instead of
 * reallocated. Pooled capacity is bounded; buffers beyond it are left to the garbage collector.
 *
 * <p>Thread-safe.
 */
public final class BufferPool {
    static final int MIN_CAPACITY = 4096;
    private static final int CLASSES = 20; // 4 KiB .. 2 GiB

    private final List<ArrayDeque<ByteBuffer>> free;
    private final long maxPooledBytes;
    private long pooledBytes;

    /**
     * @param maxPooledBytes most bytes kept for reuse
     */
    public BufferPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
        this.free = new ArrayList<>(CLASSES);
        for (int i = 0; i < CLASSES; i++) {
            free.add(new ArrayDeque<>());
        }
    }

    /** Returns a cleared direct buffer of at least {@code minCapacity} bytes. */
    public ByteBuffer acquire(int minCapacity) {
        int cls = sizeClass(minCapacity);
        synchronized (this) {
            ByteBuffer b = free.get(cls).pollFirst();
            if (b != null) {
                pooledBytes -= b.capacity();
                b.clear();
                return b;
            }
        }
        return ByteBuffer.allocateDirect(MIN_CAPACITY << cls);
    }

    /** Hands a buffer back; the caller must not touch it afterwards. */
    public void release(ByteBuffer b) {
        int cap = b.capacity();
        if (Integer.bitCount(cap) != 1 || cap < MIN_CAPACITY) {
            return;
        }
        synchronized (this) {
            if (pooledBytes + cap <= maxPooledBytes) {
                free.get(Integer.numberOfTrailingZeros(cap / MIN_CAPACITY)).addFirst(b);
                pooledBytes += cap;
            }
        }
    }

    static int sizeClass(int minCapacity) {
        int cap = MIN_CAPACITY;
        int cls = 0;
        while (cap < minCapacity) {
            cap <<= 1;
            cls++;
        }
        return cls;
    }
}
