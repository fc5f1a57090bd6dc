package dev.seqlog.bench.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Durability benchmarks, each next to its anchor measured by the same harness in the same run.
 *
 * <pre>
 *   latency     fsync-class ack latency, 1 writer, 1 x 100 B; vs raw write + fdatasync of the frame size
 *   throughput  fsync-class records/s with 1, 4 and 16 writers, batches of 100 x 100 B
 *   disk        disk-class records/s vs the in-memory engine, 1 writer, batches of 100 x 100 B
 *   ready       time from start to ready after SIGKILL with 1 M records in the WAL
 * </pre>
 *
 * Usage: {@code java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.durability.DurabilityBench
 * latency|throughput|disk|ready|all [seconds]}. Data directories are created under the working directory
 * and removed afterwards. Confined to its main thread plus the writer threads it starts.
 */
public final class DurabilityBench {
    private static final String PAYLOAD = "\"" + "x".repeat(98) + "\""; // 100 bytes of JSON

    private DurabilityBench() {
    }

    /**
     * @param args the benchmark name and optionally seconds per measurement (default 5)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (which.equals("latency") || which.equals("all")) {
            latency(seconds);
        }
        if (which.equals("throughput") || which.equals("all")) {
            for (int w : new int[] {1, 4, 16}) {
                System.out.printf("fsync throughput, %2d writers: %,12.0f records/s%n", w,
                        throughput(Durability.FSYNC, w, seconds, true));
            }
        }
        if (which.equals("disk") || which.equals("all")) {
            double mem = throughput(Durability.DISK, 1, seconds, false);
            double disk = throughput(Durability.DISK, 1, seconds, true);
            System.out.printf("1 writer, 100 x 100 B: in-memory engine %,.0f records/s, disk class %,.0f records/s,"
                    + " ratio %.2f%n", mem, disk, disk / mem);
        }
        if (which.equals("ready") || which.equals("all")) {
            ready(1_000_000);
        }
    }

    private static AppendRequest batch(int n) {
        List<RecordInput> recs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            recs.add(RecordInput.json(PAYLOAD));
        }
        return AppendRequest.of(recs);
    }

    private static EngineOptions.Builder options(Path dir) {
        return EngineOptions.builder().dataDir(dir);
    }

    // ----------------------------------------------------------------------------------------- latency

    private static void latency(int seconds) throws Exception {
        Path dir = tempDir();
        Histogram engine = new Histogram(3);
        Histogram raw = new Histogram(3);
        try (SeqlogEngine log = SeqlogEngine.open(options(dir).walShards(1).build());
             FileChannel rawFile = preallocated(dir.resolve("raw.bin"), 256L << 20)) {
            log.configure("lat", TopicConfig.builder().durability(Durability.FSYNC).build());
            AppendRequest one = batch(1);
            // the frame of a one-record append: 16 header + 1 type + 28 fixed + 12 record header + 100 data
            ByteBuffer frame = ByteBuffer.allocateDirect(157);
            long rawPos = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (int i = 0; System.nanoTime() < end || i < 2000; i++) {
                // alternate so both see the same disk conditions
                long t0 = System.nanoTime();
                log.append("lat", one);
                long t1 = System.nanoTime();
                frame.clear();
                rawFile.write(frame, rawPos);
                rawFile.force(false);
                long t2 = System.nanoTime();
                rawPos += frame.capacity();
                if (i >= 200) { // warm-up
                    engine.recordValue((t1 - t0) / 1000);
                    raw.recordValue((t2 - t1) / 1000);
                }
            }
        } finally {
            delete(dir);
        }
        System.out.printf("fsync ack latency, 1 writer (us): engine p50 %d p99 %d p999 %d | raw write+fdatasync"
                        + " p50 %d p99 %d p999 %d | p50 ratio %.2f (n=%d)%n",
                engine.getValueAtPercentile(50), engine.getValueAtPercentile(99), engine.getValueAtPercentile(99.9),
                raw.getValueAtPercentile(50), raw.getValueAtPercentile(99), raw.getValueAtPercentile(99.9),
                (double) engine.getValueAtPercentile(50) / raw.getValueAtPercentile(50), engine.getTotalCount());
    }

    private static FileChannel preallocated(Path p, long size) throws IOException {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < size; at += zeros.capacity()) {
            zeros.clear();
            ch.write(zeros, at);
        }
        ch.force(true);
        return ch;
    }

    // -------------------------------------------------------------------------------------- throughput

    private static double throughput(Durability cls, int writers, int seconds, boolean onDisk) throws Exception {
        Path dir = onDisk ? tempDir() : null;
        try (SeqlogEngine log = SeqlogEngine.open(onDisk ? options(dir).build()
                : EngineOptions.builder().build())) {
            AppendRequest req = batch(100);
            for (int w = 0; w < writers; w++) {
                // a cap keeps memory bounded on long runs; eviction is part of the measured cost for both sides
                log.configure("t" + w, TopicConfig.builder().durability(cls).capRecords(2_000_000).build());
            }
            AtomicLong records = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            for (int w = 0; w < writers; w++) {
                String topic = "t" + w;
                pool.execute(() -> {
                    while (running.get()) {
                        log.append(topic, req);
                        records.addAndGet(100);
                    }
                });
            }
            Thread.sleep(2000); // warm-up
            long r0 = records.get();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long r1 = records.get();
            long t1 = System.nanoTime();
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            return (r1 - r0) / ((t1 - t0) / 1e9);
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    // ------------------------------------------------------------------------------------ time to ready

    private static void ready(int records) throws Exception {
        Path dir = tempDir();
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ReadyWriter.class.getName(), dir.toString(), String.valueOf(records))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.equals("WRITTEN")) {
                    // wait until every record is acknowledged
                }
                p.toHandle().destroyForcibly(); // SIGKILL
            }
            p.waitFor();
            long t0 = System.nanoTime();
            try (SeqlogEngine log = SeqlogEngine.open(options(dir).build())) {
                long t1 = System.nanoTime();
                System.out.printf("time to ready after SIGKILL with %,d records in the WAL: %.0f ms (head %d)%n",
                        records, (t1 - t0) / 1e6, log.state("r").headSeq());
            }
        } finally {
            delete(dir);
        }
    }

    private static Path tempDir() throws IOException {
        return Files.createTempDirectory(Path.of("").toAbsolutePath(), "seqlog-bench-");
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
