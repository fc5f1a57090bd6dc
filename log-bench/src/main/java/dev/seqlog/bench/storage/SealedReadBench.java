package dev.seqlog.bench.storage;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sequential read of sealed, memory-mapped segments through the engine against a raw read of the same
 * segment files. Fills a disk-class topic, closes the engine (the final checkpoint writes every record to
 * {@code segments/*.seg}), then repeats a pair of measurements, alternating their order:
 *
 * <ul>
 *   <li><b>engine</b>: reopen, drop the page cache, and diff from seq 0 to the head in pages of the maximum
 *       read limit through a sink that sums {@code dataLength} and XORs each record's first data byte;</li>
 *   <li><b>raw</b>: drop the page cache and read every {@code .seg} file with {@code FileChannel.read} into a
 *       1 MiB direct buffer, touching one byte per 64.</li>
 * </ul>
 *
 * Both rates are the {@code .seg} files' bytes over the wall time, so they compare; target engine/raw &gt;= 0.5.
 * Dropping the page cache needs root ({@code sync; echo 3 > /proc/sys/vm/drop_caches}); without it both reads
 * are warm and the run says so.
 *
 * <p>Run: {@code java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.storage.SealedReadBench
 * --records 2000000 --payload 100}. Other options: {@code --batch N} (1000), {@code --repeats N} (3),
 * {@code --dir PATH} (where the fresh data directory is created, default the working directory; it is deleted
 * at the end). Confined to its main thread.
 */
public final class SealedReadBench {
    private static final int RAW_BUFFER_BYTES = 1 << 20;
    private static final int RAW_TOUCH_STRIDE = 64;
    private static final double TARGET_RATIO = 0.5;

    private SealedReadBench() {
    }

    /**
     * @param args {@code --records N} {@code --payload BYTES} {@code --batch N} {@code --repeats N}
     *        {@code --dir PATH}
     * @throws IOException if the data directory or a segment file fails
     * @throws InterruptedException if interrupted while syncing
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        StorageBench.header("SealedReadBench", args);
        long records = 2_000_000L;
        int payloadBytes = 100;
        int batch = 1000;
        int repeats = 3;
        Path parent = Path.of("");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--records" -> records = Long.parseLong(StorageBench.need(a, v));
                case "--payload" -> payloadBytes = Integer.parseInt(StorageBench.need(a, v));
                case "--batch" -> batch = Integer.parseInt(StorageBench.need(a, v));
                case "--repeats" -> repeats = Integer.parseInt(StorageBench.need(a, v));
                case "--dir" -> parent = Path.of(StorageBench.need(a, v));
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        Path data = StorageBench.freshDir(parent);
        try {
            fill(data, records, batch, payloadBytes);
            compare(data, records, repeats);
        } finally {
            StorageBench.delete(data);
        }
    }

    private static void fill(Path data, long records, int batch, int payloadBytes) throws IOException {
        long t0 = System.nanoTime();
        try (SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().dataDir(data)
                .backgroundExpiry(false).build())) {
            StorageBench.configureDisk(engine);
            StorageBench.appendRecords(engine, records, batch, payloadBytes);
        }
        List<Path> segments = StorageBench.segmentFiles(data);
        System.out.printf(Locale.ROOT, "filled %,d records of %d B and closed in %.1f s: %,d .seg files, %,d B%n",
                records, payloadBytes, (System.nanoTime() - t0) / 1e9, segments.size(),
                StorageBench.totalBytes(segments));
    }

    private static void compare(Path data, long records, int repeats) throws IOException, InterruptedException {
        PageCache cache = new PageCache();
        ByteBuffer rawBuffer = ByteBuffer.allocateDirect(RAW_BUFFER_BYTES);
        List<Double> engineRates = new ArrayList<>();
        List<Double> rawRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            Timed engine;
            Timed raw;
            boolean engineFirst = r % 2 == 1;
            if (engineFirst) {
                engine = engineRead(data, records, cache);
                raw = rawRead(data, rawBuffer, cache);
            } else {
                raw = rawRead(data, rawBuffer, cache);
                engine = engineRead(data, records, cache);
            }
            double ratio = engine.mbPerSecond() / raw.mbPerSecond();
            engineRates.add(engine.mbPerSecond());
            rawRates.add(raw.mbPerSecond());
            ratios.add(ratio);
            System.out.printf(Locale.ROOT, "run %d (%6s first): engine %,9.1f MB/s (%s) | raw %,9.1f MB/s (%s) | "
                    + "ratio %.2f  [checksums %x %x]%n", r, engineFirst ? "engine" : "raw", engine.mbPerSecond(),
                    engine.cache(), raw.mbPerSecond(), raw.cache(), ratio, engine.checksum(), raw.checksum());
        }
        double ratio = StorageBench.median(ratios);
        System.out.printf(Locale.ROOT, "median: engine %,.1f MB/s, raw %,.1f MB/s, engine/raw %.2f  "
                + "(target >= %.1f: %s)%n", StorageBench.median(engineRates), StorageBench.median(rawRates), ratio,
                TARGET_RATIO, StorageBench.verdict(ratio >= TARGET_RATIO));
    }

    /** Reopens the engine (sealed segments are mapped from their files) and reads everything once. */
    private static Timed engineRead(Path data, long records, PageCache cache) throws IOException,
            InterruptedException {
        long fileBytes = StorageBench.totalBytes(StorageBench.segmentFiles(data));
        try (SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().dataDir(data)
                .backgroundCheckpoints(false).backgroundExpiry(false).build())) {
            boolean cold = cache.drop();
            DataSink sink = new DataSink();
            DiffRequest request = DiffRequest.from(0).withLimit(StorageBench.READ_LIMIT);
            long t0 = System.nanoTime();
            long from = 0;
            while (true) {
                DiffResult r = engine.diff(StorageBench.TOPIC, request.withFromSeq(from), sink);
                if (r.caughtUp()) {
                    break;
                }
                if (r.nextFromSeq() <= from) {
                    throw new IllegalStateException("the read did not advance past seq " + from);
                }
                from = r.nextFromSeq();
            }
            long nanos = System.nanoTime() - t0;
            if (sink.records != records) {
                throw new IllegalStateException("read " + sink.records + " records, expected " + records);
            }
            return new Timed(fileBytes, nanos, cold, sink.bytes ^ sink.touched);
        }
    }

    /** Reads every segment file start to end into one direct buffer. */
    private static Timed rawRead(Path data, ByteBuffer buffer, PageCache cache) throws IOException,
            InterruptedException {
        List<Path> files = StorageBench.segmentFiles(data);
        boolean cold = cache.drop();
        long total = 0;
        long touched = 0;
        long t0 = System.nanoTime();
        for (Path p : files) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                int n;
                while ((n = ch.read(buffer.clear())) > 0) {
                    for (int i = 0; i < n; i += RAW_TOUCH_STRIDE) {
                        touched ^= buffer.get(i) & 0xFF;
                    }
                    total += n;
                }
            }
        }
        long nanos = System.nanoTime() - t0;
        return new Timed(total, nanos, cold, touched);
    }

    /** Counts delivered records and data bytes, and reads each record's first data byte. */
    private static final class DataSink implements RecordSink {
        long records;
        long bytes;
        long touched;

        @Override
        public void accept(RecordView v) {
            records++;
            bytes += v.dataLength();
            touched ^= v.buffer().get(v.dataOffset()) & 0xFF;
        }
    }

    /**
     * One timed read of {@code bytes}; {@code checksum} is printed so nothing the reads touch is dead.
     *
     * @param bytes the .seg file bytes the rate is computed over
     * @param nanos wall time
     * @param cold whether the page cache was dropped first
     * @param checksum what the read touched
     */
    private record Timed(long bytes, long nanos, boolean cold, long checksum) {
        double mbPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }

        String cache() {
            return cold ? "cold" : "warm";
        }
    }

    /** Drops the OS page cache while that is permitted; says once when it is not. Not thread-safe. */
    private static final class PageCache {
        private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
        private boolean permitted = true;

        /**
         * Collects garbage first, so mappings of closed engines are unmapped and their pages can go too.
         *
         * @return whether the cache was dropped
         * @throws InterruptedException if interrupted while waiting for {@code sync}
         */
        boolean drop() throws InterruptedException {
            if (!permitted) {
                return false;
            }
            System.gc();
            try {
                Process sync = new ProcessBuilder("sync").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                sync.getOutputStream().close();
                if (sync.waitFor() != 0) {
                    throw new IOException("sync failed");
                }
                Files.writeString(DROP_CACHES, "3");
                return true;
            } catch (IOException e) {
                permitted = false;
                System.out.println("page cache not dropped (not permitted): " + e);
                return false;
            }
        }
    }
}
