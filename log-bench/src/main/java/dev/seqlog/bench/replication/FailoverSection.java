package dev.seqlog.bench.replication;

import dev.seqlog.api.Durability;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.replication.ReplicatedNode;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Section 2: three nodes, four keyed writers through all of them, and the leader stopped (closed) again and again.
 * Each round stops the current leader, measures the longest time without an acknowledgement until the writes are
 * acknowledged again, starts the stopped node on its directory, waits until it has caught up and lets the writes
 * run on with all three. At the end every replica is checked against the others and against what the writers
 * were told. For one thread.
 */
final class FailoverSection {
    /** Keyed writers, as in the failover test. */
    static final int WRITERS = 4;
    private static final String TOPIC = "failover";
    /** Acknowledgements that show writes have resumed (and, after a rejoin, go on with all three nodes). */
    private static final long RESUMED_ACKS = 100;

    private final ReplicationOptions opt;
    private final PrintStream out;

    /**
     * @param opt the options
     * @param out where each round's summary is printed as it finishes
     */
    FailoverSection(ReplicationOptions opt, PrintStream out) {
        this.opt = opt;
        this.out = out;
    }

    /**
     * @return the rounds and the check
     * @throws IOException if a directory cannot be made or a node cannot start
     * @throws IllegalStateException if the cluster does not recover from a stop within a minute
     */
    FailoverResult run() throws IOException {
        try (ScratchDir dir = ScratchDir.create(opt.scratchParent(), "repl-bench-failover-");
             LocalCluster cluster = LocalCluster.start(dir.path(), ClusterTarget.NODES, opt.electionTimeoutMs())) {
            // a retry with the same key must find the first attempt whenever it comes: the window covers the run
            cluster.awaitLeader().configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC)
                    .idempotencyWindowMs(TopicConfig.MAX_IDEMPOTENCY_WINDOW_MS).build());
            GapMeter meter = new GapMeter(System::nanoTime);
            List<KillRound> rounds = new ArrayList<>();
            KeyedWriters writers = KeyedWriters.start(cluster, TOPIC, WRITERS, opt.recordBytes(), meter);
            try {
                awaitAcks(meter, RESUMED_ACKS, "acknowledgements before the first stop");
                for (int k = 1; k <= opt.kills(); k++) {
                    KillRound r = killLeader(k, cluster, meter);
                    rounds.add(r);
                    out.println("[failover] " + r.line());
                    out.flush();
                }
            } finally {
                writers.close();
            }
            cluster.awaitConverged();
            Map<String, ReplicatedNode> nodes = new LinkedHashMap<>();
            ReplicatedNode leader = cluster.awaitLeader();
            nodes.put(leader.nodeId(), leader);
            cluster.running().forEach(n -> nodes.putIfAbsent(n.nodeId(), n));
            CheckResult check = ClusterCheck.check(nodes, TOPIC, opt.recordBytes(), writers.acked());
            return new FailoverResult(WRITERS, rounds, writers.acked().size(), writers.retries(), writers.abandoned(),
                    check);
        }
    }

    private static KillRound killLeader(int round, LocalCluster cluster, GapMeter meter) throws IOException {
        String id = cluster.awaitLeader().nodeId();
        meter.mark();
        long t0 = System.nanoTime();
        cluster.stop(id);
        long closeMs = millisSince(t0);
        awaitAcks(meter, meter.acks() + RESUMED_ACKS, "acknowledgements after stopping " + id);
        long gapMs = TimeUnit.NANOSECONDS.toMillis(meter.longestSinceMark());
        String newLeader = cluster.awaitLeader().nodeId();

        meter.mark();
        long t1 = System.nanoTime();
        cluster.start(id);
        cluster.awaitCaughtUp(id);
        long catchUpMs = millisSince(t1);
        awaitAcks(meter, meter.acks() + RESUMED_ACKS, "acknowledgements after " + id + " rejoined");
        long rejoinGapMs = TimeUnit.NANOSECONDS.toMillis(meter.longestSinceMark());
        return new KillRound(round, id, newLeader, closeMs, gapMs, catchUpMs, rejoinGapMs);
    }

    private static void awaitAcks(GapMeter meter, long atLeast, String what) {
        Waits.until(what, LocalCluster.PATIENCE, () -> meter.acks() >= atLeast);
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
