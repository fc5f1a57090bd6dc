package dev.seqlog.bench.redis;

import dev.seqlog.bench.BenchMain;
import dev.seqlog.bench.Machine;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.bench.load.LoadGenOptions.Workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redis 7 Streams and the seqlog server side by side on loopback, in one run. For each workload and durability
 * pairing (W1 under both pairings, W2–W4 under {@code disk} vs {@code everysec}) it runs each server freshly
 * started, one after the other, alternating which goes first, for {@code --rounds} rounds; then prints the
 * header line, one Markdown table with ratios, and the servers' CPU per record. Exits 0 only if every
 * workload on both sides verified its results. Single-threaded apart from the workloads' own workers.
 */
public final class SideBySide {
    private SideBySide() {
    }

    /**
     * Entry point.
     *
     * @param args see {@link SideBySideOptions#USAGE}
     */
    public static void main(String[] args) {
        BenchMain.run(args, SideBySideOptions.USAGE,
                a -> SideBySideOptions.parse(a, Path.of(System.getProperty("java.io.tmpdir"))), SideBySide::run);
    }

    private static boolean run(SideBySideOptions opt) throws Exception {
        if (!Files.isRegularFile(opt.serverJar())) {
            throw new IllegalStateException("no server jar at " + opt.serverJar()
                    + "; build it with: mvn -B -DskipTests package");
        }
        Instant start = Instant.now();
        String loadStart = Machine.loadAverage();
        String versionLine = RunHeader.redisVersionLine(opt.redisServer());
        CpuClock cpu = CpuClock.fromGetconf();
        String w4 = opt.workloads().contains(Workload.W4) && !opt.w4Detail().isEmpty() ? ", W4: " + opt.w4Detail()
                : "";
        System.out.printf(Locale.ROOT, "side-by-side %s: workloads=%s, W1 records=%,d%s, rounds=%d%s, %s%n", start,
                opt.workloads(), opt.records(), w4, opt.rounds(), opt.quick() ? " (--quick smoke run)" : "",
                versionLine);
        List<Comparison> done = new ArrayList<>();
        try (ScratchDir scratch = ScratchDir.create(opt.scratchParent(), "seqlog-vs-redis-")) {
            Sessions sessions = new Sessions(opt, cpu, scratch.path());
            Side first = Side.REDIS;
            for (Workload w : opt.workloads()) {
                for (Pairing p : pairings(w)) {
                    Comparison c = new Comparison(w, p, opt.w4Detail());
                    for (int r = 0; r < opt.rounds(); r++) {
                        c.add(first, sessions.run(first, w, p));
                        c.add(first.other(), sessions.run(first.other(), w, p));
                        first = first.other(); // neither side always runs on the machine the other just warmed
                    }
                    done.add(c);
                }
            }
        }
        String redisName = "Redis " + RunHeader.redisVersion(versionLine).split("\\.")[0];
        List<Row> rows = new ArrayList<>();
        List<CpuRow> cpuRows = new ArrayList<>();
        for (Comparison c : done) {
            rows.addAll(c.rows());
            cpuRows.add(c.cpu());
        }
        System.out.println();
        System.out.println(RunHeader.line(start, versionLine, loadStart, Machine.loadAverage())
                + (opt.quick() ? "; SMOKE RUN (--quick), not a measurement" : ""));
        System.out.println(ResultTable.ORIENTATION);
        System.out.println();
        ResultTable.render(redisName, rows).forEach(System.out::println);
        System.out.println();
        System.out.println("Server CPU (user + system, from /proc/<pid>/stat) during the measured phase:");
        System.out.println();
        ResultTable.renderCpu(redisName, cpuRows).forEach(System.out::println);
        boolean ok = done.stream().allMatch(Comparison::verified);
        System.out.println();
        System.out.println(ok ? "ALL VERIFIED" : "VERIFICATION FAILED");
        return ok;
    }

    /** W1 is compared under both durability pairings; the other workloads under the default class. */
    private static List<Pairing> pairings(Workload w) {
        return w == Workload.W1 ? List.of(Pairing.DISK_EVERYSEC, Pairing.FSYNC_ALWAYS) : List.of(Pairing.DISK_EVERYSEC);
    }

}
