package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.BenchMain;
import dev.seqlog.bench.Machine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Router forwarding in the engine against direct appends, in one run (API §7, SEMANTICS §12): for every class,
 * fan-out and batch size, throughput of one windowed writer until its records are visible (in the topic written,
 * or in every destination), and for every class and fan-out, write → visible latency of paced single writes.
 * Each run has a fresh engine on a throw-away directory; rounds are interleaved across all points and the
 * sides' order turns each round, so the machine's drift reaches both sides alike. Prints a summary per run, then
 * the header line and one Markdown table per measurement, medians over rounds. Exits 0 only if every run
 * verified that no record was lost or duplicated. Single-threaded apart from the engine's callbacks.
 *
 * <p>Usage: {@code java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.router.RouterBench [options]}.
 */
public final class RouterBench {
    /** How the tool is run, printed with the results. */
    static final String COMMAND = "java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.router.RouterBench";
    /** The usage text. */
    static final String USAGE = "usage: RouterBench [options]\n" + RouterOptions.USAGE;
    private static final String SMOKE = "SMOKE RUN (--quick), not a measurement";

    private RouterBench() {
    }

    /**
     * What a whole run measured. Immutable.
     *
     * @param warmup the unmeasured runs before the first round
     * @param throughput the throughput points, in order
     * @param latency the latency points, in order
     */
    record Report(List<ThroughputResult> warmup, List<ThroughputPoint> throughput, List<LatencyPoint> latency) {
        /**
         * Copies the lists so the record stays immutable.
         *
         * @param warmup the unmeasured runs before the first round
         * @param throughput the throughput points, in order
         * @param latency the latency points, in order
         */
        Report {
            warmup = List.copyOf(warmup);
            throughput = List.copyOf(throughput);
            latency = List.copyOf(latency);
        }

        /** @return whether every run, the warm-up's included, verified */
        boolean verified() {
            return warmup.stream().allMatch(ThroughputResult::verified)
                    && throughput.stream().allMatch(ThroughputPoint::verified)
                    && latency.stream().allMatch(LatencyPoint::verified);
        }
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
        String command = String.join(" ", COMMAND, String.join(" ", args)).trim();
        BenchMain.run(args, USAGE, a -> RouterOptions.parse(Arrays.asList(a), tmp),
                opt -> run(opt, command, System.out).verified());
    }

    /**
     * Measures every point of the options, printing as it goes.
     *
     * @param opt the points and counts
     * @param command the command line, for the header
     * @param out where the summaries and the tables go
     * @return what was measured
     * @throws Exception if an engine fails
     */
    static Report run(RouterOptions opt, String command, PrintStream out) throws Exception {
        Instant start = Instant.now();
        String loadStart = Machine.loadAverage();
        out.printf(Locale.ROOT, "router forwarding in-process %s UTC: classes %s, routers %s; throughput %,d records "
                        + "of %d B (warm-up %,d), batches %s, window %d; latency %,d writes at %,d/s (warm-up %,d); "
                        + "rounds %d; JDK %s; CPUs %d%s%n", start.truncatedTo(ChronoUnit.SECONDS),
                names(opt.classes()), joined(opt.fanouts()), opt.records(), Workload.PAYLOAD_BYTES,
                opt.warmupRecords(), joined(opt.batches()), opt.window(), opt.latencySamples(), opt.rate(),
                opt.warmupSamples(), opt.rounds(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), opt.quick() ? "; " + SMOKE : "");
        // built once, before any clock runs, and shared by every run of a batch size
        Map<Integer, Workload> warm = new HashMap<>();
        Map<Integer, Workload> work = new HashMap<>();
        for (int batch : opt.batches()) {
            warm.put(batch, Workload.of(opt.warmupRecords(), batch));
            work.put(batch, Workload.of(opt.records(), batch));
        }
        List<ThroughputResult> warmup = warmJvm(opt, warm.get(opt.batches().get(0)), out);
        Map<String, ThroughputPoint> throughput = new LinkedHashMap<>();
        Map<String, LatencyPoint> latency = new LinkedHashMap<>();
        for (int round = 0; round < opt.rounds(); round++) {
            String r = "round " + (round + 1) + "/" + opt.rounds();
            for (Durability cls : opt.classes()) {
                for (int fanout : opt.fanouts()) {
                    String at = r + " " + cls.wireName() + " " + RouterTables.fanout(fanout);
                    for (int batch : opt.batches()) {
                        ThroughputPoint p = throughput.computeIfAbsent(cls + "/" + fanout + "/" + batch,
                                k -> new ThroughputPoint(cls, fanout, batch));
                        for (Side side : Side.inRound(round)) {
                            ThroughputResult res = ThroughputRun.measure(opt.scratchParent(), cls, side, fanout,
                                    warm.get(batch), work.get(batch), opt.window());
                            p.add(res);
                            print(out, at + " batch " + batch + " " + side.label(), List.of(res.line()));
                        }
                    }
                    LatencyPoint p = latency.computeIfAbsent(cls + "/" + fanout, k -> new LatencyPoint(cls, fanout));
                    for (Side side : Side.inRound(round)) {
                        LatencyResult res = LatencyRun.measure(opt.scratchParent(), cls, side, fanout,
                                opt.warmupSamples(), opt.latencySamples(), opt.rate());
                        p.add(res);
                        print(out, at + " latency " + side.label(), res.lines());
                    }
                }
            }
        }
        Report report = new Report(warmup, new ArrayList<>(throughput.values()), new ArrayList<>(latency.values()));
        footer(opt, command, start, loadStart, report, out);
        return report;
    }

    /** Prints a run's summary as it finishes: the first line tagged with the point, the rest as they are. */
    private static void print(PrintStream out, String point, List<String> lines) {
        out.println("[" + point + "] " + lines.get(0));
        lines.subList(1, lines.size()).forEach(out::println);
        out.flush();
    }

    /**
     * One unmeasured throughput run of each side at the first class and the largest fan-out, so the first round
     * does not pay for compiling the engine's paths alone; each measured run still warms its own engine.
     */
    private static List<ThroughputResult> warmJvm(RouterOptions opt, Workload warm, PrintStream out)
            throws Exception {
        Durability cls = opt.classes().get(0);
        int fanout = opt.fanouts().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<ThroughputResult> runs = new ArrayList<>();
        for (Side side : Side.values()) {
            ThroughputResult res = ThroughputRun.measure(opt.scratchParent(), cls, side, fanout, warm, warm,
                    opt.window());
            runs.add(res);
            print(out, "JVM warm-up, not measured: " + cls.wireName() + " " + RouterTables.fanout(fanout) + " "
                    + side.label(), List.of(res.line()));
        }
        return runs;
    }

    private static void footer(RouterOptions opt, String command, Instant start, String loadStart, Report report,
                               PrintStream out) {
        String rounds = opt.rounds() + " round" + (opt.rounds() == 1 ? "" : "s");
        out.println();
        out.printf(Locale.ROOT, "Router forwarding in-process, %s to %s UTC; JDK %s; CPUs %d; load average at start "
                        + "%s, at end %s; command: %s%s%n", start.truncatedTo(ChronoUnit.SECONDS),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadStart, Machine.loadAverage(), command,
                opt.quick() ? "; " + SMOKE : "");
        out.println();
        out.printf(Locale.ROOT, "Throughput, median of %s: %,d records of %d B per run, one writer, batches of B, at "
                + "most %d appends in flight. direct: records/s until the last is acknowledged and visible in its "
                + "topic; forwarding: copies/s per destination until every destination shows the copy of the last "
                + "record; ratio forwarding ÷ direct, target ≥ 0.80 at 1 → 1. End lag: last acknowledgement to "
                + "last copy; backlog: copies not yet visible then, over all destinations; drain: backlog ÷ end lag, "
                + "shown when the backlog is at least 1 %% of the run's copies.%n", rounds, opt.records(),
                Workload.PAYLOAD_BYTES, opt.window());
        out.println();
        RouterTables.throughput(report.throughput()).forEach(out::println);
        out.println();
        out.printf(Locale.ROOT, "Latency, median of %s of each percentile: write → visible, one record per append at "
                + "%,d/s, %,d writes after %,d unmeasured; forwarding waits for the last destination; added = "
                + "forwarding − direct, target p50 ≤ 100 µs.%n", rounds, opt.rate(), opt.latencySamples(),
                opt.warmupSamples());
        out.println();
        RouterTables.latency(report.latency()).forEach(out::println);
        out.println();
        out.println(report.verified() ? "ALL VERIFIED" : "VERIFICATION FAILED");
    }

    private static String names(List<Durability> classes) {
        return String.join(",", classes.stream().map(Durability::wireName).toList());
    }

    private static String joined(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
