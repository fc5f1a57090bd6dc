package dev.seqlog.server.cli;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench}: writes to a topic at a target rate or flat out for a duration while readers follow it, then
 * prints throughput written and read and the write (request → response) and end-to-end (write → read)
 * latency percentiles. A progress line goes to stderr once a second at a terminal or with
 * {@code --progress}; the report goes to stdout. Any server error stops the run with status 1. Confined to
 * the caller, which runs the progress line while one writer thread and the reader threads work.
 */
@Command(name = "bench", description = {"Write and read a topic at a target rate or flat out for a duration, "
        + "then report records/s and MiB/s written and read, and write and end-to-end latency percentiles.",
    "One write request is in flight at a time: a --rate above what that allows shows as the rate achieved.",
    "Without --topic, a fresh bench-<time> topic is created and deleted at the end (unless --keep)."})
final class BenchCommand extends ClientCommand implements Callable<Integer> {
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_RECORD_BYTES = 8 << 20;
    /** One thread each: more would measure this process's scheduling rather than the server. */
    private static final int MAX_CONSUMERS = 64;
    private static final List<String> DURABILITIES = List.of("ephemeral", "memory", "disk", "fsync");

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to use, created if absent and kept. "
            + "Default: a fresh bench-<time> topic.")
    private String topic;

    @Option(names = "--keep", description = "Keep the fresh topic instead of deleting it at the end.")
    private boolean keep;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Records per second to write; 0 writes as fast as the server answers. Default: 0.")
    private int rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to write. Default: 10.")
    private double duration;

    @Option(names = "--record-bytes", paramLabel = "BYTES", defaultValue = "1024",
            description = "Size of each record's data (at least " + BenchWriter.MIN_RECORD_BYTES + "). Default: 1024.")
    private int recordBytes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
            description = "Records per write request. Default: 100.")
    private int batch;

    @Option(names = "--durability", paramLabel = "CLASS", description = "Class of the topic bench creates: "
            + "ephemeral, memory, disk or fsync. Default: the server's default (disk).")
    private String durability;

    @Option(names = "--consumers", paramLabel = "N", defaultValue = "1",
            description = "Readers following the topic (diff long-poll); 0 only writes. Default: 1.")
    private int consumers;

    @Option(names = "--progress", description = "Print the progress line even when not at a terminal.")
    private boolean progress;

    BenchCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() throws InterruptedException {
        check();
        ApiClient api = client();
        boolean fresh = topic == null;
        String name = fresh ? "bench-" + System.currentTimeMillis() : topic;
        long from = prepare(api, name, fresh);
        BenchRun run = new BenchRun(name);
        RuntimeException failure = null;
        try {
            measure(api, run, from);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (fresh && !keep) {
            try {
                api.delete("/topics/" + ApiClient.segment(name));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    private void check() {
        invalid("--rate", rate < 0, "must not be negative");
        invalid("--duration", !(duration > 0 && duration <= 86_400), "must be above 0 and at most 86400");
        invalid("--record-bytes", recordBytes < BenchWriter.MIN_RECORD_BYTES || recordBytes > MAX_RECORD_BYTES,
                "must be between " + BenchWriter.MIN_RECORD_BYTES + " and " + MAX_RECORD_BYTES);
        invalid("--batch", batch < 1, "must be at least 1");
        invalid("--consumers", consumers < 0 || consumers > MAX_CONSUMERS, "must be between 0 and " + MAX_CONSUMERS);
        invalid("--durability", durability != null && !DURABILITIES.contains(durability),
                "must be one of " + String.join(", ", DURABILITIES));
        if (keep && topic != null) {
            throw new ParameterException(spec.commandLine(), "--keep applies to the fresh topic only (a --topic is "
                    + "always kept)");
        }
    }

    private void invalid(String option, boolean wrong, String why) {
        if (wrong) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + why);
        }
    }

    /** Creates the topic if needed and returns its head, where the readers start. */
    private long prepare(ApiClient api, String name, boolean fresh) {
        String path = "/topics/" + ApiClient.segment(name);
        if (!fresh) {
            Map<String, byte[]> state = existing(api, path);
            if (state != null) {
                if (durability != null) {
                    throw new CliFailure("topic " + name + " exists: --durability applies only to a topic bench "
                            + "creates");
                }
                return Jsons.number(state.get("head_seq"), "head_seq");
            }
        }
        String config = durability == null ? "{}" : "{\"durability\":\"" + durability + "\"}";
        api.put(path, config.getBytes(StandardCharsets.UTF_8));
        return 0;
    }

    /** The topic's state, or null if there is no such topic. */
    private static Map<String, byte[]> existing(ApiClient api, String path) {
        try {
            return Jsons.fields(api.get(path + "?touch=false"));
        } catch (CliFailure e) {
            if (e.getMessage().startsWith("topic_not_found:")) {
                return null;
            }
            throw e;
        }
    }

    private void measure(ApiClient api, BenchRun run, long from) throws InterruptedException {
        long origin = System.nanoTime();
        List<BenchReader> readers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            BenchReader r = new BenchReader(api, run, origin, from, DRAIN_NANOS);
            readers.add(r);
            threads.add(thread(r, "seqlog-bench-reader-" + i));
        }
        BenchWriter writer = new BenchWriter(api, run, origin, (long) (duration * 1e9), rate, batch, recordBytes);
        threads.add(thread(writer, "seqlog-bench-writer"));
        threads.forEach(Thread::start);
        watch(run, threads, origin);
        long readNanos = run.read.get() == 0 ? 0 : run.lastReadAt.get() - origin;
        if (run.failed()) {
            throw run.failure();
        }
        PrintStream out = io.out();
        out.printf(java.util.Locale.ROOT, "bench topic=%s rate=%d duration_s=%s record_bytes=%d batch=%d "
                + "consumers=%d%n", run.topic, rate, duration, recordBytes, batch, consumers);
        BenchReport.throughput(out, "written", run.written.get(), run.writtenBytes.get(), writer.elapsedNanos());
        BenchReport.throughput(out, "read", run.read.get(), run.readBytes.get(), readNanos);
        BenchReport.latency(out, "write_latency_ms", writer.latency);
        Histogram e2e = BenchReport.histogram();
        readers.forEach(r -> e2e.add(r.latency));
        BenchReport.latency(out, "end_to_end_latency_ms", e2e);
        out.flush();
    }

    /** Waits for every thread, printing the progress line once a second meanwhile. */
    private void watch(BenchRun run, List<Thread> threads, long origin) throws InterruptedException {
        boolean terminal = io.err() == System.err && atTerminal();
        boolean show = progress || terminal;
        PrintStream err = io.err();
        long last = origin;
        long writtenBefore = 0;
        long readBefore = 0;
        boolean shown = false;
        for (Thread t : threads) {
            while (true) {
                long next = last + TimeUnit.SECONDS.toNanos(1);
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
                if (!t.isAlive()) {
                    break;
                }
                long now = System.nanoTime();
                if (now < next) {
                    continue;
                }
                if (show) {
                    long w = run.written.get();
                    long r = run.read.get();
                    String line = BenchReport.progress((now - origin) / 1e9, w, run.writtenBytes.get(), r,
                            run.readBytes.get(), (now - last) / 1e9, writtenBefore, readBefore);
                    err.print(terminal ? "\r" + line : line + System.lineSeparator());
                    err.flush();
                    shown = true;
                    writtenBefore = w;
                    readBefore = r;
                }
                last = now;
            }
        }
        if (shown && terminal) {
            err.println();
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true); // an interrupted bench must not be held open by its workers
        return t;
    }

    /** Whether the process runs at a terminal ({@code Console.isTerminal} where the JDK has it). */
    private static boolean atTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console exists only at a terminal
        }
    }
}
