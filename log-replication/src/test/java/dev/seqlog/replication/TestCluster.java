package dev.seqlog.replication;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.TopicRecord;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * Replicated nodes in this JVM on loopback ports the OS picked, each in its own directory under a test directory;
 * nodes can be stopped and started again on their directory and port.
 */
final class TestCluster implements AutoCloseable {
    /**
     * The election timeout of tests that do not measure failover: they ride out the pauses of a shared, loaded
     * machine instead of electing a new leader under a write in flight (which Ratis's client would log as an error).
     */
    static final long STEADY_ELECTION_TIMEOUT_MS = 1_000;

    private final Path root;
    private final UnaryOperator<ClusterSettings.Builder> tuning;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    /** The ids a node started now lists as its peers: every node, until {@link #planReplacement} changes it. */
    private final List<String> members = new ArrayList<>();
    private final Map<String, ReplicatedNode> running = new ConcurrentSkipListMap<>();

    private TestCluster(Path root, int size, UnaryOperator<ClusterSettings.Builder> tuning) {
        this.root = root;
        this.tuning = tuning;
        for (int i = 1; i <= size; i++) {
            ports.put("n" + i, freePort());
            members.add("n" + i);
        }
    }

    /** Starts {@code size} nodes n1..n{size}. */
    static TestCluster start(Path root, int size, UnaryOperator<ClusterSettings.Builder> tuning) {
        TestCluster c = new TestCluster(root, size, tuning);
        try {
            for (String id : c.ports.keySet()) {
                c.start(id);
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    ClusterSettings settings(String id) {
        ClusterSettings.Builder b = ClusterSettings.builder().nodeId(id).storageDir(root.resolve(id));
        members.forEach(peer -> b.peer(peer(peer)));
        return tuning.apply(b).build();
    }

    /** @return a node's peer entry: its id and loopback Raft port */
    Peer peer(String id) {
        return new Peer(id, "127.0.0.1", ports.get(id));
    }

    /**
     * Gives {@code added} a port and makes the peers of every node started from now on the current ones without
     * {@code gone} and with {@code added}, as an operator replacing a dead node does; the group's configuration is
     * not touched.
     *
     * @return the new peers
     */
    List<Peer> planReplacement(String gone, String added) {
        ports.put(added, freePort());
        members.remove(gone);
        members.add(added);
        return members.stream().map(this::peer).toList();
    }

    /** Starts (or restarts) a node on its directory and port. */
    ReplicatedNode start(String id) {
        try {
            ReplicatedNode n = ReplicatedNode.start(settings(id));
            running.put(id, n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes a node; it stays in {@link #nodes()} until closed, so callers meet it while it shuts down. */
    void stop(String id) {
        ReplicatedNode n = running.get(id);
        if (n != null) {
            n.close();
            running.remove(id);
        }
    }

    ReplicatedNode node(String id) {
        return running.get(id);
    }

    List<ReplicatedNode> nodes() {
        return new ArrayList<>(running.values());
    }

    List<String> ids() {
        return new ArrayList<>(ports.keySet());
    }

    /** Waits for one running node to be the leader every running node knows, ready for proposals. */
    ReplicatedNode awaitLeader() {
        return Awaitility.await("a leader").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(this::leaderOrNull, n -> n != null);
    }

    private ReplicatedNode leaderOrNull() {
        for (ReplicatedNode n : running.values()) {
            NodeStatus s = n.status();
            if (s.role() == NodeStatus.Role.LEADER && n.runtime().isLeader()
                    && running.values().stream().allMatch(o -> n.nodeId().equals(o.status().leaderId()))) {
                return n;
            }
        }
        return null;
    }

    /** Waits until every running node has applied what the leader has committed. */
    void awaitConverged() {
        ReplicatedNode leader = awaitLeader();
        long commit = leader.status().commitIndex();
        Awaitility.await("all nodes applied index " + commit).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> running.values().stream().allMatch(n -> n.status().appliedIndex() >= commit));
    }

    /**
     * Stops every running node's ticks and waits until all have applied everything committed: from then on the
     * log clock stands still, so reads that touch a topic (its last read time) leave the same state everywhere.
     */
    void quiesce() {
        running.values().forEach(n -> n.runtime().stopTicking());
        awaitConverged();
    }

    /** Stops every node, after stopping every node's ticks so none proposes into a cluster being taken down. */
    void stopAll() {
        running.values().forEach(n -> n.runtime().stopTicking());
        for (String id : new ArrayList<>(running.keySet())) {
            stop(id);
        }
    }

    @Override
    public void close() {
        stopAll();
    }

    /**
     * Every record of a topic in seq order as text (seq, ts, node, tag, data, meta), with the tombstones a reader
     * starting at 0 meets, read in pages.
     */
    static List<String> dump(EventLog log, String topic) {
        List<String> out = new ArrayList<>();
        DiffRequest req = DiffRequest.from(0).withLimit(1000).withTags(true).withMeta(true);
        while (true) {
            DiffResult page = log.diff(topic, req);
            if (page.tombstone() != null) {
                out.add("tombstone " + page.tombstone());
            }
            for (TopicRecord r : page.records()) {
                out.add(r.seq() + "|" + r.ts() + "|" + r.node() + "|" + r.tag() + "|" + text(r.data()) + "|"
                        + text(r.meta()));
            }
            if (page.caughtUp() || page.nextFromSeq() == req.fromSeq()) {
                return out;
            }
            req = req.withFromSeq(page.nextFromSeq());
        }
    }

    private static String text(byte[] b) {
        return b == null ? "-" : new String(b, StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
