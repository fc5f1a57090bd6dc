package dev.seqlog.bench.storage;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Time from {@code SeqlogEngine.start} to {@code isReady()}, measured in a fresh child JVM ({@link ReadyProbe})
 * so nothing is warm but the OS page cache.
 *
 * <pre>
 *   clean  fill a disk-class topic (batches of 1000 x 100 B), close cleanly, then time a restart 3 times
 *          and report the median; target &lt;= 1 s
 *   kill   for each point P: a child ({@link KillWriter}) appends a checkpointed base of records, then P
 *          more that no checkpoint covers, and is SIGKILLed; then time the recovery
 * </pre>
 *
 * Run: {@code java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.storage.TimeToReady clean
 * --records 10000000} and {@code ... TimeToReady kill --points 0,250000,500000,1000000,2000000}. Other options:
 * {@code --repeats N} (3, clean), {@code --base N} (1,000,000, kill), {@code --dir PATH} (where fresh data
 * directories are created, default the working directory; they are deleted at the end). Confined to its main
 * thread.
 */
public final class TimeToReady {
    private static final int BATCH = 1000;
    private static final int PAYLOAD_BYTES = 100;
    private static final double TARGET_MS = 1000;

    private TimeToReady() {
    }

    /**
     * @param args {@code clean|kill} and its options
     * @throws IOException if a data directory or a child process fails
     * @throws InterruptedException if interrupted while waiting for a child
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        StorageBench.header("TimeToReady", args);
        if (args.length == 0 || !(args[0].equals("clean") || args[0].equals("kill"))) {
            throw new IllegalArgumentException("usage: TimeToReady clean|kill [options]");
        }
        long records = 10_000_000L;
        int repeats = 3;
        long base = 1_000_000L;
        long[] points = {0, 250_000, 500_000, 1_000_000, 2_000_000};
        Path parent = Path.of("");
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--records" -> records = Long.parseLong(StorageBench.need(a, v));
                case "--repeats" -> repeats = Integer.parseInt(StorageBench.need(a, v));
                case "--base" -> base = Long.parseLong(StorageBench.need(a, v));
                case "--points" -> points = parsePoints(StorageBench.need(a, v));
                case "--dir" -> parent = Path.of(StorageBench.need(a, v));
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        if (args[0].equals("clean")) {
            clean(parent, records, repeats);
        } else {
            kill(parent, base, points);
        }
    }

    private static long[] parsePoints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    // ------------------------------------------------------------------------------------------- clean

    private static void clean(Path parent, long records, int repeats) throws IOException, InterruptedException {
        Path data = StorageBench.freshDir(parent);
        try {
            fill(data, records);
            List<Double> ms = new ArrayList<>();
            for (int r = 1; r <= repeats; r++) {
                Ready ready = probe(data, records);
                ms.add(ready.millis());
                System.out.printf(Locale.ROOT, "run %d: ready in %8.1f ms (%,d records, head %,d)%n", r,
                        ready.millis(), ready.count(), ready.head());
            }
            double median = StorageBench.median(ms);
            System.out.printf(Locale.ROOT, "clean restart with %,d records: median %.1f ms over %d runs  "
                    + "(target <= %.0f ms: %s)%n", records, median, repeats, TARGET_MS,
                    StorageBench.verdict(median <= TARGET_MS));
        } finally {
            StorageBench.delete(data);
        }
    }

    /** Fills the topic with background checkpoints on, as a server would, and closes cleanly. */
    private static void fill(Path data, long records) throws IOException {
        long t0 = System.nanoTime();
        try (SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().dataDir(data)
                .backgroundExpiry(false).build())) {
            StorageBench.configureDisk(engine);
            StorageBench.appendRecords(engine, records, BATCH, PAYLOAD_BYTES);
        }
        List<Path> segments = StorageBench.segmentFiles(data);
        System.out.printf(Locale.ROOT, "filled %,d records of %d B and closed in %.1f s: %,d .seg files (%,d B), "
                + "%d WAL files%n", records, PAYLOAD_BYTES, (System.nanoTime() - t0) / 1e9, segments.size(),
                StorageBench.totalBytes(segments), StorageBench.fileCount(data.resolve("wal")));
    }

    // -------------------------------------------------------------------------------------------- kill

    private static void kill(Path parent, long base, long[] points) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "checkpointed base %,d records; after SIGKILL:%n", base);
        System.out.println("records since last checkpoint | time to ready ms | records recovered | head");
        for (long p : points) {
            Path data = StorageBench.freshDir(parent);
            try {
                writeAndKill(data, base, p);
                Ready ready = probe(data, base + p);
                System.out.printf(Locale.ROOT, "%29s | %16.1f | %17s | %,d%n", String.format(Locale.ROOT, "%,d", p),
                        ready.millis(), String.format(Locale.ROOT, "%,d", ready.count()), ready.head());
            } finally {
                StorageBench.delete(data);
            }
        }
    }

    /** Runs a {@link KillWriter} and SIGKILLs it once it reports every record written. */
    private static void writeAndKill(Path data, long base, long after) throws IOException, InterruptedException {
        Process p = StorageBench.startChild(KillWriter.class, data.toString(), Long.toString(base),
                Long.toString(after));
        p.getOutputStream().close();
        try (BufferedReader in = reader(p)) {
            String line;
            while ((line = in.readLine()) != null && !line.startsWith(KillWriter.WRITTEN)) {
                System.out.println("  writer: " + line);
            }
            if (line == null) {
                throw new IllegalStateException("the writer ended before writing everything, exit " + p.waitFor());
            }
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux, right after the marker (or on any failure)
            p.waitFor();
        }
    }

    // ----------------------------------------------------------------------------------------- probing

    /** Times a restart in a {@link ReadyProbe} child and checks that no record was lost. */
    private static Ready probe(Path data, long expectedCount) throws IOException, InterruptedException {
        Process p = StorageBench.startChild(ReadyProbe.class, data.toString());
        p.getOutputStream().close();
        Ready ready = null;
        try (BufferedReader in = reader(p)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(ReadyProbe.READY + " ")) {
                    String[] f = line.split(" ");
                    ready = new Ready(Long.parseLong(f[1]) / 1e6, Long.parseLong(f[2]), Long.parseLong(f[3]));
                } else {
                    System.out.println("  probe: " + line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || ready == null) {
            throw new IllegalStateException("the ready probe failed, exit " + exit);
        }
        // after a SIGKILL the head is the durable seq reservation, ahead of the last record (a restart loss range)
        if (ready.count() != expectedCount || ready.head() < expectedCount) {
            throw new IllegalStateException("recovered " + ready.count() + " records, head " + ready.head()
                    + ", expected " + expectedCount + " records");
        }
        return ready;
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** One restart: ms from start to ready, the recovered head and record count. */
    private record Ready(double millis, long head, long count) {
    }
}
