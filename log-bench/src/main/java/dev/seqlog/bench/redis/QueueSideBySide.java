package dev.seqlog.bench.redis;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.BenchMain;
import dev.seqlog.bench.Machine;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.bench.queue.QueueOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Queue claim → ack throughput, seqlog against Redis 7 Streams consumer groups, in one run on loopback: for
 * every class ({@code disk} against {@code appendfsync everysec}, {@code fsync} against {@code always}), batch
 * size and worker count, each side measured on a freshly started server (the seqlog engine in this JVM on a
 * fresh directory), {@code --rounds} times, the order of the sides turned by one each round; then the header
 * line and one Markdown table of median jobs/s and ratios. Exits 0 only if every run verified that each job
 * was acked exactly once. Single-threaded apart from the measurements' workers.
 */
public final class QueueSideBySide {
    private QueueSideBySide() {
    }

    /**
     * Entry point.
     *
     * @param args see {@link QueueSideBySideOptions#USAGE}
     */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(QueueSideBySideOptions.USAGE);
            return;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        BenchMain.run(args, QueueSideBySideOptions.USAGE, a -> QueueSideBySideOptions.parse(a, tmp),
                QueueSideBySide::run);
    }

    private static boolean run(QueueSideBySideOptions opt) throws Exception {
        QueueOptions q = opt.queue();
        if (opt.kinds().contains(QueueSide.Kind.HTTP) && !Files.isRegularFile(opt.serverJar())) {
            throw new IllegalStateException("no server jar at " + opt.serverJar()
                    + "; build it with: mvn -B -DskipTests package");
        }
        Instant start = Instant.now();
        String loadStart = Machine.loadAverage();
        String versionLine = opt.kinds().contains(QueueSide.Kind.REDIS) ? RunHeader.redisVersionLine(opt.redisServer())
                : "Redis not run";
        CpuClock cpu = CpuClock.fromGetconf();
        System.out.printf(Locale.ROOT, "queue side-by-side %s: sides=%s, classes=%s, leases_durable=%s, batches=%s, "
                        + "workers=%s, %,d jobs of %d B, budget %d ms (warm-up %,d jobs, %d ms), rounds=%d, "
                        + "Redis %s%s, %s%n", start, opt.kinds(), q.classes(), q.leasesDurable(), q.batches(),
                q.workers(), q.jobs(), q.payloadBytes(), q.measureMs(), q.warmupJobs(), q.warmupMs(), opt.rounds(),
                opt.redisXdel() ? "XACK+XDEL" : "XACK", q.quick() ? " (--quick smoke run)" : "", versionLine);
        List<QueueSide> sides = QueueSide.of(opt.kinds(), q.leasesDurable());
        List<QueueComparison> done = new ArrayList<>();
        try (ScratchDir scratch = ScratchDir.create(q.scratchParent(), "seqlog-queues-vs-redis-")) {
            QueueSessions sessions = new QueueSessions(opt, cpu, scratch.path());
            int turn = 0;
            for (Durability cls : q.classes()) {
                for (int batch : q.batches()) {
                    for (int workers : q.workers()) {
                        QueueComparison c = new QueueComparison(cls, batch, workers);
                        for (int r = 0; r < opt.rounds(); r++) {
                            for (QueueSide side : QueueSide.rotated(sides, turn++)) {
                                c.add(side, sessions.run(side, cls, batch, workers));
                            }
                        }
                        done.add(c);
                    }
                }
            }
        }
        String redisName = opt.kinds().contains(QueueSide.Kind.REDIS)
                ? "Redis " + RunHeader.redisVersion(versionLine).split("\\.")[0] : "Redis";
        List<QueueRow> rows = new ArrayList<>();
        for (QueueComparison c : done) {
            rows.addAll(c.rows(q.leasesDurable()));
        }
        System.out.println();
        System.out.println(RunHeader.line("Queues side by side", start, versionLine, loadStart,
                Machine.loadAverage()) + (q.quick() ? "; SMOKE RUN (--quick), not a measurement" : ""));
        System.out.println("jobs/s: median of " + opt.rounds() + " round" + (opt.rounds() == 1 ? "" : "s")
                + "; ratio: seqlog ÷ Redis, so > 1 means seqlog completed more jobs per second; n/a: side not run");
        System.out.println();
        QueueTable.render(redisName, opt.redisXdel(), rows).forEach(System.out::println);
        boolean ok = done.stream().allMatch(QueueComparison::verified);
        System.out.println();
        System.out.println(ok ? "ALL VERIFIED" : "VERIFICATION FAILED");
        return ok;
    }
}
