package dev.seqlog.bench.replication;

import dev.seqlog.replication.ClusterSettings;
import dev.seqlog.replication.NodeStatus;
import dev.seqlog.replication.Peer;
import dev.seqlog.replication.ReplicatedNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Replicated nodes n1..nN in this JVM, on loopback ports the OS picked, each in its own directory under a root;
 * a node can be stopped and started again on its directory and port. Thread-safe: {@link #running()} may be read
 * while nodes stop and start; stopping and starting are for one thread.
 */
final class LocalCluster implements AutoCloseable {
    /** How long a leader, a catch-up or convergence may take before the benchmark gives up. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Path root;
    private final long electionTimeoutMs;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, ReplicatedNode> running = new ConcurrentSkipListMap<>();

    private LocalCluster(Path root, int size, long electionTimeoutMs) {
        this.root = root;
        this.electionTimeoutMs = electionTimeoutMs;
        for (int i = 1; i <= size; i++) {
            ports.put("n" + i, freePort());
        }
    }

    /**
     * Starts {@code size} nodes; returns without waiting for a leader.
     *
     * @param root the parent of the nodes' directories
     * @param size nodes
     * @param electionTimeoutMs each node's shortest election timeout
     * @return the cluster
     * @throws IOException if a node cannot start
     */
    static LocalCluster start(Path root, int size, long electionTimeoutMs) throws IOException {
        LocalCluster c = new LocalCluster(root, size, electionTimeoutMs);
        try {
            for (String id : c.ports.keySet()) {
                c.start(id);
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Starts a node, or starts a stopped one again on its directory and port.
     *
     * @param id the node's id
     * @return the node
     * @throws IOException if it cannot start
     */
    ReplicatedNode start(String id) throws IOException {
        ClusterSettings.Builder b = ClusterSettings.builder().nodeId(id).storageDir(root.resolve(id))
                .electionTimeoutMs(electionTimeoutMs);
        ports.forEach((peer, port) -> b.peer(new Peer(peer, "127.0.0.1", port)));
        ReplicatedNode n = ReplicatedNode.start(b.build());
        running.put(id, n);
        return n;
    }

    /**
     * Closes a node. It stays in {@link #running()} until closed, so writers meet it while it shuts down, as
     * they would a failing machine.
     *
     * @param id the node's id
     */
    void stop(String id) {
        ReplicatedNode n = running.get(id);
        if (n != null) {
            n.close();
            running.remove(id);
        }
    }

    /** @return the running nodes, by id */
    List<ReplicatedNode> running() {
        return new ArrayList<>(running.values());
    }

    /**
     * @param id a node's id
     * @return the node, or null if it is stopped
     */
    ReplicatedNode node(String id) {
        return running.get(id);
    }

    /** @return the leader every running node knows, waiting for one */
    ReplicatedNode awaitLeader() {
        return Waits.value("a leader every running node knows", PATIENCE, this::leaderOrNull);
    }

    private ReplicatedNode leaderOrNull() {
        try {
            for (ReplicatedNode n : running.values()) {
                if (n.status().role() == NodeStatus.Role.LEADER && running.values().stream()
                        .allMatch(o -> n.nodeId().equals(o.status().leaderId()))) {
                    return n;
                }
            }
        } catch (RuntimeException stopping) {
            // a node's Raft server is going down under us: ask again
        }
        return null;
    }

    /**
     * Waits until a node has applied everything the leader had committed when asked.
     *
     * @param id the node's id
     */
    void awaitCaughtUp(String id) {
        long commit = awaitLeader().status().commitIndex();
        Waits.until(id + " applying index " + commit, PATIENCE, () -> {
            ReplicatedNode n = running.get(id);
            return n != null && n.status().appliedIndex() >= commit;
        });
    }

    /** Waits until every running node has applied everything the leader had committed when asked. */
    void awaitConverged() {
        for (String id : running.keySet()) {
            awaitCaughtUp(id);
        }
    }

    /** Stops every node. */
    @Override
    public void close() {
        for (String id : new ArrayList<>(running.keySet())) {
            stop(id);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
