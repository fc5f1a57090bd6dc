package dev.seqlog.bench.replication;

import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.replication.ReplicatedNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The replicated side: three nodes in this JVM on loopback, the topic in the {@code fsync} class, so an append
 * is acknowledged once fsynced on a majority and applied on the node that took it. Producers write through the
 * node that led at the start, or one node each in turn. Thread-safe.
 */
final class ClusterTarget implements AppendTarget {
    /** Nodes in the cluster. */
    static final int NODES = 3;

    private final ScratchDir dir;
    private final LocalCluster cluster;
    private final Through through;
    private final ReplicatedNode leader;
    private final List<ReplicatedNode> nodes;
    private final long startTerm;

    private ClusterTarget(ScratchDir dir, LocalCluster cluster, Through through) {
        this.dir = dir;
        this.cluster = cluster;
        this.through = through;
        this.leader = cluster.awaitLeader();
        this.nodes = cluster.running();
        this.startTerm = leader.status().term();
    }

    /**
     * Starts the nodes, waits for a leader and configures the topic through it.
     *
     * @param parent where the nodes' directories are made
     * @param through which nodes the producers write through
     * @param electionTimeoutMs each node's shortest election timeout
     * @return the cluster, its topic configured
     * @throws IOException if a directory cannot be made or a node cannot start
     */
    static ClusterTarget open(Path parent, Through through, long electionTimeoutMs) throws IOException {
        ScratchDir dir = ScratchDir.create(parent, "repl-bench-cluster-");
        LocalCluster cluster = null;
        try {
            cluster = LocalCluster.start(dir.path(), NODES, electionTimeoutMs);
            ClusterTarget t = new ClusterTarget(dir, cluster, through);
            t.leader.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            return t;
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            dir.close();
            throw e;
        }
    }

    @Override
    public String label() {
        return "replicated";
    }

    @Override
    public EventLog writerFor(int producer) {
        return through == Through.LEADER ? leader : nodes.get(producer % nodes.size());
    }

    @Override
    public String note() {
        String now;
        try {
            now = cluster.awaitLeader().nodeId() + " leads in term " + leader.status().term();
        } catch (RuntimeException e) {
            now = "no leader at the end: " + e.getMessage();
        }
        return "through " + through.wireName() + "; " + leader.nodeId() + " led in term " + startTerm
                + " at the start, " + now + " at the end";
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            dir.close();
        }
    }
}
