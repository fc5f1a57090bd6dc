package dev.seqlog.bench.queue;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.BenchMain;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Claim → ack throughput of the in-process engine: for every class, {@code leases_durable} setting, batch size
 * and worker count, a fresh engine on a throw-away data directory, a warm-up pass, and a measured pass over a
 * prefilled queue; prints each pass's summary and one Markdown table. Exits 0 only if every point verified
 * that each job was acked exactly once. Single-threaded apart from the measurement's workers.
 *
 * <p>Usage: {@code java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.queue.QueueBench [options]}.
 */
public final class QueueBench {
    /** The usage text. */
    static final String USAGE = "usage: QueueBench [options]\n" + QueueOptions.USAGE;

    private QueueBench() {
    }

    /**
     * Entry point.
     *
     * @param args see {@link #USAGE}
     */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        BenchMain.run(args, USAGE, a -> QueueOptions.parse(Arrays.asList(a), tmp),
                opt -> run(opt, System.out).stream().allMatch(QueueOutcome::verified));
    }

    /**
     * Measures every point of the options, printing as it goes.
     *
     * @param opt the points and counts
     * @param out where the summaries and the table go
     * @return the outcomes, in the order measured
     * @throws Exception if an engine fails
     */
    public static List<QueueOutcome> run(QueueOptions opt, PrintStream out) throws Exception {
        Instant start = Instant.now();
        out.printf(Locale.ROOT, "in-process queue claim→ack %s UTC: %,d jobs of %d B, budgets %d ms (warm-up %,d "
                        + "jobs, %d ms); JDK %s; CPUs %d%s%n", start.truncatedTo(ChronoUnit.SECONDS), opt.jobs(),
                opt.payloadBytes(), opt.measureMs(), opt.warmupJobs(), opt.warmupMs(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                opt.quick() ? "; SMOKE RUN (--quick), not a measurement" : "");
        List<QueueOutcome> done = new ArrayList<>();
        for (Durability cls : opt.classes()) {
            for (boolean leases : opt.leasesDurable()) {
                for (int batch : opt.batches()) {
                    for (int workers : opt.workers()) {
                        QueueOutcome o = InProcessQueue.measure(opt.scratchParent(), opt, cls, leases, workers,
                                batch);
                        for (String line : o.summary()) {
                            out.println("[" + o.who() + "] " + line);
                        }
                        out.flush();
                        done.add(o);
                    }
                }
            }
        }
        out.println();
        table(done).forEach(out::println);
        out.println();
        out.println(done.stream().allMatch(QueueOutcome::verified) ? "ALL VERIFIED" : "VERIFICATION FAILED");
        return done;
    }

    /**
     * @param outcomes the points
     * @return a Markdown table of them, one line per element
     */
    static List<String> table(List<QueueOutcome> outcomes) {
        List<String> lines = new ArrayList<>();
        lines.add("| run | workers | batch | jobs/s | claim p50 / p99 µs | ack p50 / p99 µs |");
        lines.add("|---|---:|---:|---:|---:|---:|");
        for (QueueOutcome o : outcomes) {
            lines.add(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f%s | %s / %s | %s / %s |", o.who(),
                    o.workers(), o.batch(), o.jobsPerSecond(), o.verified() ? "" : " (unverified)",
                    micros(o.claimP50Nanos()), micros(o.claimP99Nanos()), micros(o.ackP50Nanos()),
                    micros(o.ackP99Nanos())));
        }
        return lines;
    }

    private static String micros(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", nanos / 1e3);
    }
}
