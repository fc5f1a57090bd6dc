package dev.seqlog.bench.heap;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.bench.Payloads;
import dev.seqlog.core.SeqlogEngine;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures heap and direct-buffer bytes per retained record: appends N records of a fixed payload size
 * to one topic of an in-memory engine, forces GC, and compares with an empty engine. Single-threaded;
 * run it alone in its JVM with a large heap, e.g.
 * {@code java -Xmx8g -cp seqlog-bench.jar dev.seqlog.bench.heap.HeapPerRecord --records 10000000}.
 */
public final class HeapPerRecord {
    private static final String TOPIC = "heap-bench";
    private static final int GC_ROUNDS = 5;

    private HeapPerRecord() {
    }

    /**
     * Runs the measurement and prints a summary.
     *
     * @param args {@code --records N} (10,000,000), {@code --batch N} (1000), {@code --payload BYTES} (100),
     *        {@code --durability CLASS} (memory)
     * @throws InterruptedException if interrupted while letting GC settle
     */
    public static void main(String[] args) throws InterruptedException {
        long records = 10_000_000L;
        int batch = 1000;
        int payloadBytes = 100;
        String durability = "memory";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--records" -> records = Long.parseLong(need(a, v));
                case "--batch" -> batch = Integer.parseInt(need(a, v));
                case "--payload" -> payloadBytes = Integer.parseInt(need(a, v));
                case "--durability" -> durability = need(a, v);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        if (records % batch != 0) {
            throw new IllegalArgumentException("--records must be a multiple of --batch");
        }

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "jvm: %s %s, max heap %d MiB, gc %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, gcNames());

        EventLog log = SeqlogEngine.inMemory();
        log.configure(TOPIC, TopicConfig.builder().durability(Durability.fromWire(durability)).build());
        // Exercise the append and read paths on a throw-away topic so class loading and static caches are in the
        // baseline, then delete it.
        log.configure(TOPIC + "-warm", TopicConfig.builder().durability(Durability.fromWire(durability)).build());
        for (int i = 0; i < 10; i++) {
            List<RecordInput> warm = new ArrayList<>(batch);
            for (int j = 0; j < batch; j++) {
                warm.add(RecordInput.json(Payloads.jsonString(payloadBytes)));
            }
            log.append(TOPIC + "-warm", AppendRequest.of(warm));
        }
        log.diff(TOPIC + "-warm", DiffRequest.from(0));
        log.deleteTopic(TOPIC + "-warm");
        Snapshot base = settle(memory);
        System.out.println("baseline (empty engine, one empty topic): " + base);

        long start = System.nanoTime();
        long seq = 0;
        List<RecordInput> list = new ArrayList<>(batch);
        for (long written = 0; written < records; written += batch) {
            list.clear();
            for (int j = 0; j < batch; j++) {
                // A fresh array per record: an engine that kept the caller's array would be charged for it.
                list.add(RecordInput.trusted(Payloads.taggedJsonString(Long.toString(written + j), payloadBytes), 0,
                        payloadBytes));
            }
            AppendResult r = log.append(TOPIC, AppendRequest.of(list));
            if (r.firstSeq() != seq + 1 || r.count() != batch) {
                throw new IllegalStateException("unexpected append result " + r + " after seq " + seq);
            }
            seq = r.lastSeq();
        }
        list.clear();
        double secs = (System.nanoTime() - start) / 1e9;
        TopicState state = log.state(TOPIC);
        if (state.count() != records || state.headSeq() != records) {
            throw new IllegalStateException("topic holds " + state.count() + " records, head " + state.headSeq()
                    + ", expected " + records);
        }
        System.out.printf(Locale.ROOT, "appended %,d records of %d B in batches of %d in %.1f s (%,.0f records/s)%n",
                records, payloadBytes, batch, secs, records / secs);

        Snapshot full = settle(memory);
        System.out.println("retained (" + records + " records):           " + full);
        double heapPer = (double) (full.heap - base.heap) / records;
        double directPer = (double) (full.direct - base.direct) / records;
        double mappedPer = (double) (full.mapped - base.mapped) / records;
        System.out.printf(Locale.ROOT, "heap per record:   %8.2f B  (target <= 16 B: %s, ratio %.2fx of budget)%n",
                heapPer, heapPer <= 16 ? "MET" : "MISSED", heapPer / 16);
        System.out.printf(Locale.ROOT, "direct per record: %8.2f B  (payload %d B)%n", directPer, payloadBytes);
        System.out.printf(Locale.ROOT, "mapped per record: %8.2f B%n", mappedPer);
        System.out.printf(Locale.ROOT, "total per record:  %8.2f B  (overhead over payload %.2f B)%n",
                heapPer + directPer + mappedPer, heapPer + directPer + mappedPer - payloadBytes);
        Reference.reachabilityFence(log);
        log.close();
    }

    private static String need(String flag, String v) {
        if (v == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return v;
    }

    private static Snapshot settle(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return new Snapshot(memory.getHeapMemoryUsage().getUsed(), pool("direct"), pool("mapped"));
    }

    private static long pool(String name) {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals(name)) {
                return b.getMemoryUsed();
            }
        }
        return 0;
    }

    private static String gcNames() {
        StringBuilder sb = new StringBuilder();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(g -> sb.append(sb.length() == 0 ? "" : "+")
                .append(g.getName()));
        return sb.toString();
    }

    /** Memory in use at one instant; immutable. */
    private record Snapshot(long heap, long direct, long mapped) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap %,d B, direct %,d B, mapped %,d B", heap, direct, mapped);
        }
    }
}
