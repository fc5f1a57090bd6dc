package dev.seqlog.bench.replication;

import dev.seqlog.bench.BenchMain;
import dev.seqlog.bench.Machine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks of replicated mode (issue 17), three {@code ReplicatedNode}s in this JVM on loopback:
 *
 * <ul>
 *   <li><b>throughput</b>: producers appending single records synchronously to an {@code fsync} topic, replicated
 *       against a single-node engine with a data directory (the anchor) in the same run, at each producer count;
 *       records/s, p50/p99/p999 latency and the ratio. Target: replicated ≥ 50 % of single-node at 64
 *       producers.</li>
 *   <li><b>failover</b>: four keyed writers through all nodes while the leader is stopped again and again; the
 *       write gap of each stop (p50, max; target max ≤ 5 s), then every replica checked: seqs gap-free, each
 *       acknowledged write at its seq, every node the same records.</li>
 * </ul>
 *
 * Prints each run as it finishes, then a Markdown table per section and the machine line. Exits 0 when the
 * replicas verified (targets missed do not change it), 1 when they did not, 2 on a bad option, 3 on a failure.
 * Single-threaded apart from the producers and the nodes.
 *
 * <p>Usage: {@code java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.replication.ReplicationBench
 * [options]}.
 */
public final class ReplicationBench {
    /** How the tool is run, printed with the results. */
    static final String COMMAND = "java -cp log-bench/target/seqlog-bench.jar "
            + "dev.seqlog.bench.replication.ReplicationBench";
    /** The usage text. */
    static final String USAGE = "usage: ReplicationBench [options]\n" + ReplicationOptions.USAGE;
    private static final String SHORT = "SHORTER THAN THE DEFAULTS: a smoke run, not a measurement";

    private ReplicationBench() {
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
        BenchMain.run(args, USAGE, a -> ReplicationOptions.parse(Arrays.asList(a), tmp),
                opt -> run(opt, command, System.out));
    }

    /**
     * Runs the sections of the options, printing as it goes.
     *
     * @param opt the options
     * @param command the command line, for the machine line
     * @param out where the summaries and the tables go
     * @return whether the failover section's check passed (true when it did not run)
     * @throws Exception if a node or an engine fails
     */
    static boolean run(ReplicationOptions opt, String command, PrintStream out) throws Exception {
        Instant start = Instant.now();
        String loadStart = Machine.loadAverage();
        out.printf(Locale.ROOT, "replication benchmark %s UTC: sections %s; producers %s, records of %d B, %d s "
                        + "measured after %d s, through %s; %d leader kills; election timeout %d ms%s%n",
                start.truncatedTo(ChronoUnit.SECONDS), opt.sections().stream().map(Enum::name).toList(),
                opt.producers(), opt.recordBytes(), opt.seconds(), opt.warmupSeconds(), opt.through().wireName(),
                opt.kills(), opt.electionTimeoutMs(), opt.fullLength() ? "" : "; " + SHORT);
        out.flush();
        List<ThroughputRow> throughput = null;
        FailoverResult failover = null;
        for (Section s : opt.sections()) {
            switch (s) {
                case THROUGHPUT -> throughput = new ThroughputSection(opt, out).run();
                case FAILOVER -> failover = new FailoverSection(opt, out).run();
                default -> throw new IllegalStateException("unknown section " + s);
            }
        }
        out.println();
        out.printf(Locale.ROOT, "Replication benchmark, %s to %s UTC; JDK %s; CPUs %d; load average at start %s, at "
                        + "end %s; command: %s%s%n", start.truncatedTo(ChronoUnit.SECONDS),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadStart, Machine.loadAverage(), command,
                opt.fullLength() ? "" : "; " + SHORT);
        if (throughput != null) {
            out.println();
            out.printf(Locale.ROOT, "Throughput: fsync topic, %d B records, one record per synchronous append, each "
                            + "producer its own thread; %d s measured after %d s of warm-up, a fresh engine or cluster "
                            + "for each run; replicated = 3 nodes in this JVM on loopback, producers through %s.%n",
                    opt.recordBytes(), opt.seconds(), opt.warmupSeconds(),
                    opt.through() == Through.LEADER ? "the leader's node" : "all three nodes in turn");
            out.println();
            ThroughputTable.lines(throughput).forEach(out::println);
        }
        if (failover != null) {
            out.println();
            out.printf(Locale.ROOT, "Failover: 3 nodes, %d keyed writers of %d B records through all nodes, fsync "
                    + "topic; each kill closes the leader, waits for acknowledgements to resume, starts the node again "
                    + "on its directory and waits until it has caught up. Write gap: the longest time without an "
                    + "acknowledgement from just before the stop until writes resumed.%n", failover.writers(),
                    opt.recordBytes());
            out.println();
            FailoverTable.lines(failover).forEach(out::println);
        }
        boolean verified = failover == null || failover.check().ok();
        out.println();
        out.println(verified ? "ALL VERIFIED" : "VERIFICATION FAILED");
        out.flush();
        return verified;
    }
}
