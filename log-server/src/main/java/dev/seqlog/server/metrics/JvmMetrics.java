package dev.seqlog.server.metrics;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's own readings (heap, NIO buffer pools, collectors, threads) from the platform MXBeans, added to a
 * snapshot under the {@code seqlog_jvm_} prefix. Stateless; thread-safe.
 */
public final class JvmMetrics {
    private JvmMetrics() {
    }

    /**
     * Adds the JVM series.
     *
     * @param m the snapshot
     * @return the snapshot
     */
    public static MetricsSnapshot addTo(MetricsSnapshot m) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        m.gauge("seqlog_jvm_heap_used_bytes", "Heap in use.", heap.getUsed());
        m.gauge("seqlog_jvm_heap_committed_bytes", "Heap committed by the JVM.", heap.getCommitted());
        m.gauge("seqlog_jvm_heap_max_bytes", "Largest heap the JVM may use (-1 if undefined).", heap.getMax());
        List<Family.Sample> used = new ArrayList<>();
        List<Family.Sample> count = new ArrayList<>();
        for (BufferPoolMXBean p : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            used.add(new Family.Sample(List.of(p.getName()), p.getMemoryUsed(), null));
            count.add(new Family.Sample(List.of(p.getName()), p.getCount(), null));
        }
        m.add(new Family("seqlog_jvm_buffer_used_bytes", Family.Type.GAUGE,
                "Memory used by NIO buffers per pool (direct, mapped).", List.of("pool"), used));
        m.add(new Family("seqlog_jvm_buffer_count", Family.Type.GAUGE, "NIO buffers per pool (direct, mapped).",
                List.of("pool"), count));
        List<Family.Sample> gcs = new ArrayList<>();
        List<Family.Sample> gcMs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(new Family.Sample(List.of(gc.getName()), Math.max(0, gc.getCollectionCount()), null));
            gcMs.add(new Family.Sample(List.of(gc.getName()), Math.max(0, gc.getCollectionTime()), null));
        }
        m.add(new Family("seqlog_jvm_gc_collections_total", Family.Type.COUNTER, "Collections per collector.",
                List.of("gc"), gcs));
        m.add(new Family("seqlog_jvm_gc_time_ms_total", Family.Type.COUNTER,
                "Approximate collection time per collector in milliseconds.", List.of("gc"), gcMs));
        m.gauge("seqlog_jvm_threads", "Live threads.", ManagementFactory.getThreadMXBean().getThreadCount());
        return m;
    }
}
