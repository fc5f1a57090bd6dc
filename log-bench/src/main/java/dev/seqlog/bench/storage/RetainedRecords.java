package dev.seqlog.bench.storage;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.bench.Payloads;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.checkpoint.Checkpointer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Retained records on a durable engine: appends N disk-class records with background checkpoints on, compares
 * the append rate of the first and the last million, then checkpoints, forces GC and reports the heap, direct
 * and mapped memory the engine keeps for them. Sealed segments live in memory-mapped files after a checkpoint,
 * so heap and direct memory should stay bounded however many records the topic holds.
 *
 * <p>Run it alone, with a modest heap (nothing in this program holds records):
 * {@code java -Xmx1g -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.storage.RetainedRecords
 * --records 10000000}. Options: {@code --records N} (10,000,000), {@code --batch N} (1000), {@code --payload
 * BYTES} (100), {@code --dir PATH} (where the fresh data directory is created, default the working directory;
 * it is deleted at the end). Confined to its main thread (the engine runs its own).
 */
public final class RetainedRecords {
    private static final long WINDOW = 1_000_000;
    private static final int GC_ROUNDS = 5;
    private static final long CHECKPOINT_WAL_BYTES = 64L << 20;
    private static final long HEAP_TARGET_MIB = 256;
    private static final double PER_RECORD_TARGET = 16;
    private static final double RATE_RATIO_TARGET = 0.9;

    private RetainedRecords() {
    }

    /**
     * Runs the measurement and prints a summary.
     *
     * @param args {@code --records N} {@code --batch N} {@code --payload BYTES} {@code --dir PATH}
     * @throws IOException if the data directory cannot be created or removed
     * @throws InterruptedException if interrupted while letting GC settle
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        StorageBench.header("RetainedRecords", args);
        long records = 10_000_000L;
        int batch = 1000;
        int payloadBytes = 100;
        Path parent = Path.of("");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--records" -> records = Long.parseLong(StorageBench.need(a, v));
                case "--batch" -> batch = Integer.parseInt(StorageBench.need(a, v));
                case "--payload" -> payloadBytes = Integer.parseInt(StorageBench.need(a, v));
                case "--dir" -> parent = Path.of(StorageBench.need(a, v));
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        if (batch < 1 || records < 2L * batch || records % batch != 0) {
            throw new IllegalArgumentException("--records must be a multiple of --batch and hold two batches");
        }
        if (payloadBytes < Long.toString(records).length() + Payloads.MIN_BYTES) {
            throw new IllegalArgumentException("--payload is too small to hold a record number");
        }
        Path data = StorageBench.freshDir(parent);
        try {
            run(data, records, batch, payloadBytes);
        } finally {
            StorageBench.delete(data);
        }
    }

    private static void run(Path data, long records, int batch, int payloadBytes) throws IOException,
            InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Memory base = settle(memory);
        System.out.println("baseline before the engine opened: " + base);
        EngineOptions options = EngineOptions.builder().dataDir(data).checkpointWalBytes(CHECKPOINT_WAL_BYTES)
                .backgroundCheckpoints(true).backgroundExpiry(false).build();
        try (SeqlogEngine engine = SeqlogEngine.open(options)) {
            engine.configure(StorageBench.TOPIC, TopicConfig.builder().durability(Durability.DISK).build());
            Rates rates = appendAll(engine, records, batch, payloadBytes);
            rates.print(records, batch, payloadBytes);
            verifyCount(engine, records);

            Checkpointer.Stats cp = engine.checkpoint();
            System.out.printf(Locale.ROOT, "checkpoint %d: %d topics, %,d segment bytes written, %d WAL files and "
                    + "%d segment files deleted%n", cp.number, cp.topics, cp.bytesWritten, cp.walFilesDeleted,
                    cp.segmentFilesDeleted);
            Memory full = settle(memory);
            System.out.println("after checkpoint + GC:             " + full);
            printRetained(base, full, records, StorageBench.segmentFiles(data));
        }
    }

    /** The window is a million records, or half the run when it is shorter, rounded down to whole batches. */
    private static long window(long records, int batch) {
        return Math.min(WINDOW, records / 2) / batch * batch;
    }

    private static Rates appendAll(SeqlogEngine engine, long records, int batch, int payloadBytes) {
        long window = window(records, batch);
        long lastWindowStart = records - window;
        long seq = 0;
        long firstEnd = 0;
        long lastBegin = 0;
        long start = System.nanoTime();
        for (long written = 0; written < records; written += batch) {
            if (written == lastWindowStart) {
                lastBegin = System.nanoTime();
            }
            AppendResult r = engine.append(StorageBench.TOPIC, freshBatch(written, batch, payloadBytes));
            if (r.firstSeq() != seq + 1 || r.count() != batch) {
                throw new IllegalStateException("unexpected append result " + r + " after seq " + seq);
            }
            seq = r.lastSeq();
            if (written + batch == window) {
                firstEnd = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        return new Rates(window, firstEnd - start, end - lastBegin, end - start);
    }

    /** A new batch of new arrays: an engine that kept the caller's arrays would be charged for them. */
    private static AppendRequest freshBatch(long first, int batch, int payloadBytes) {
        AppendRequest.Builder b = AppendRequest.builder();
        for (int j = 0; j < batch; j++) {
            b.add(RecordInput.json(Payloads.taggedJsonString(Long.toString(first + j), payloadBytes)));
        }
        return b.build();
    }

    private static void verifyCount(SeqlogEngine engine, long records) {
        TopicState state = engine.state(StorageBench.TOPIC);
        if (state.count() != records || state.headSeq() != records) {
            throw new IllegalStateException("topic holds " + state.count() + " records, head " + state.headSeq()
                    + ", expected " + records);
        }
    }

    private static void printRetained(Memory base, Memory full, long records, List<Path> segments)
            throws IOException {
        long heap = full.heap - base.heap;
        double heapMib = heap / (double) (1 << 20);
        double perRecord = (double) heap / records;
        System.out.printf(Locale.ROOT, "heap retained:     %,14d B = %8.1f MiB  (target <= %d MiB: %s)%n", heap,
                heapMib, HEAP_TARGET_MIB, StorageBench.verdict(heapMib <= HEAP_TARGET_MIB));
        System.out.printf(Locale.ROOT, "heap per record:   %14.2f B               (target <= %.0f B: %s)%n",
                perRecord, PER_RECORD_TARGET, StorageBench.verdict(perRecord <= PER_RECORD_TARGET));
        System.out.printf(Locale.ROOT, "direct buffers:    %,14d B = %8.1f MiB%n", full.direct,
                full.direct / (double) (1 << 20));
        System.out.printf(Locale.ROOT, "mapped buffers:    %,14d B = %8.1f MiB%n", full.mapped,
                full.mapped / (double) (1 << 20));
        System.out.printf(Locale.ROOT, "segment files:     %,14d .seg, %,d B%n", segments.size(),
                StorageBench.totalBytes(segments));
    }

    private static Memory settle(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return new Memory(memory.getHeapMemoryUsage().getUsed(), StorageBench.bufferPool("direct"),
                StorageBench.bufferPool("mapped"));
    }

    /** Memory in use at one instant; immutable. */
    private record Memory(long heap, long direct, long mapped) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap used %,d B, direct %,d B, mapped %,d B", heap, direct, mapped);
        }
    }

    /** Wall times of the append run, in ns; immutable. */
    private record Rates(long window, long firstNanos, long lastNanos, long totalNanos) {
        double first() {
            return window / (firstNanos / 1e9);
        }

        double last() {
            return window / (lastNanos / 1e9);
        }

        void print(long records, int batch, int payloadBytes) {
            System.out.printf(Locale.ROOT, "appended %,d disk-class records of %d B in batches of %d in %.1f s "
                    + "(%,.0f records/s overall)%n", records, payloadBytes, batch, totalNanos / 1e9,
                    records / (totalNanos / 1e9));
            System.out.printf(Locale.ROOT, "first %,d: %,12.0f records/s (%.2f s)%n", window, first(),
                    firstNanos / 1e9);
            System.out.printf(Locale.ROOT, "last  %,d: %,12.0f records/s (%.2f s)%n", window, last(),
                    lastNanos / 1e9);
            double ratio = last() / first();
            System.out.printf(Locale.ROOT, "last / first: %.2f  (target >= %.1f: %s)%n", ratio, RATE_RATIO_TARGET,
                    StorageBench.verdict(ratio >= RATE_RATIO_TARGET));
        }
    }
}
