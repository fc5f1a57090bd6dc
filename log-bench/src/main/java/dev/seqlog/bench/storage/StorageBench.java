package dev.seqlog.bench.storage;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.bench.Payloads;
import dev.seqlog.core.SeqlogEngine;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Helpers shared by the storage benchmarks: the header line, argument checks, data directories, child JVMs,
 * segment files and buffer-pool readings. Stateless and thread-safe.
 */
final class StorageBench {
    /** The one topic every storage benchmark writes. */
    static final String TOPIC = "storage-bench";
    /** Records per read: the engine clamps a diff to {@code Limits.defaults().maxLimit()}. */
    static final int READ_LIMIT = Limits.defaults().maxLimit();
    /** The ordinary marker line a child prints when its work is done. */
    static final String DONE = "DONE";

    private StorageBench() {
    }

    /**
     * Prints the one-line header every storage benchmark starts with.
     *
     * @param program the benchmark's simple name
     * @param args the exact command arguments
     */
    static void header(String program, String[] args) {
        OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        String date = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now);
        System.out.printf(Locale.ROOT, "# %s  %s  processors %d  max heap %d MiB  java %s  args: %s%n", program, date,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), String.join(" ", args));
    }

    /**
     * @param flag the flag being parsed
     * @param v its value, or null when the arguments ended
     * @return {@code v}
     * @throws IllegalArgumentException if {@code v} is null
     */
    static String need(String flag, String v) {
        if (v == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return v;
    }

    /**
     * A reusable batch of {@code n} identical JSON strings of exactly {@code payloadBytes} bytes; the engine
     * copies what it appends, so one request can be appended many times.
     *
     * @param n records per batch
     * @param payloadBytes bytes per record
     * @return the request
     */
    static AppendRequest sameBatch(int n, int payloadBytes) {
        AppendRequest.Builder b = AppendRequest.builder();
        for (int i = 0; i < n; i++) {
            b.add(RecordInput.json(Payloads.jsonString(payloadBytes)));
        }
        return b.build();
    }

    /**
     * Creates {@link #TOPIC} as a disk-class topic.
     *
     * @param engine an open engine
     */
    static void configureDisk(SeqlogEngine engine) {
        engine.configure(TOPIC, TopicConfig.builder().durability(Durability.DISK).build());
    }

    /**
     * Appends {@code count} records of {@code payloadBytes} bytes to {@link #TOPIC} in batches of
     * {@code batch} (the last one may be shorter).
     *
     * @param engine an open engine
     * @param count records to append
     * @param batch records per append
     * @param payloadBytes bytes per record
     */
    static void appendRecords(SeqlogEngine engine, long count, int batch, int payloadBytes) {
        AppendRequest full = sameBatch(batch, payloadBytes);
        long done = 0;
        for (; done + batch <= count; done += batch) {
            engine.append(TOPIC, full);
        }
        if (done < count) {
            engine.append(TOPIC, sameBatch((int) (count - done), payloadBytes));
        }
    }

    /**
     * @param parent where to create it
     * @return a fresh, empty directory named {@code seqlog-storage-*}
     * @throws IOException if it cannot be created
     */
    static Path freshDir(Path parent) throws IOException {
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent.toAbsolutePath(), "seqlog-storage-");
    }

    /**
     * Deletes a directory tree; a missing directory is fine.
     *
     * @param dir the root
     * @throws IOException if something cannot be deleted
     */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * @param dataDir an engine's data directory
     * @return its {@code segments/*.seg} files, sorted
     * @throws IOException if the directory cannot be listed
     */
    static List<Path> segmentFiles(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("segments");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    /**
     * @param files files
     * @return their summed sizes
     * @throws IOException if a size cannot be read
     */
    static long totalBytes(List<Path> files) throws IOException {
        long sum = 0;
        for (Path p : files) {
            sum += Files.size(p);
        }
        return sum;
    }

    /**
     * @param dir a directory
     * @return how many regular files it holds, 0 if it does not exist
     * @throws IOException if it cannot be listed
     */
    static long fileCount(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    /**
     * A child JVM running {@code main} with this JVM's java binary and class path; its stderr goes to ours,
     * its stdout is for the caller to read.
     *
     * @param main the child's main class
     * @param args its arguments
     * @return the started process
     * @throws IOException if it cannot be started
     */
    static Process startChild(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * @param name a buffer pool name, {@code direct} or {@code mapped}
     * @return bytes that pool uses now, 0 if there is no such pool
     */
    static long bufferPool(String name) {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals(name)) {
                return b.getMemoryUsed();
            }
        }
        return 0;
    }

    /**
     * @param values samples, at least one
     * @return their median (the upper one of an even count)
     */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }

    /**
     * @param met whether a target is met
     * @return {@code MET} or {@code MISSED}
     */
    static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }
}
