package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.LogCapture;
import dev.seqlog.testsupport.TestDir;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes without idempotency keys, in flight at the leader when the leadership moves, are applied exactly once: the
 * leader submits its entries straight into its own Raft server ({@link LeaderSubmission}), and when it steps down
 * the entries it had not answered are sent again, with their first call ids, to the new leader, whose retry cache
 * recognises those it has already applied. Four writers append through the first leader while the leadership is
 * moved to another node and back, twice; no write may fail, each must be in the log once, at the seq it was
 * acknowledged with, and nothing else may be. A second test stops the leader under writers that go through the
 * other nodes.
 */
class LeaderChangeTest implements RatisShutdownErrors {
    private static final String TOPIC = "payments";
    private static final int WRITERS = 4;

    @Test
    @ExpectErrorLogs // see RatisShutdownErrors: only Ratis's own loggers may log an error
    void writesInFlightWhenTheLeadershipMovesAreAppliedOnce(TestDir dir, LogCapture logs) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3,
                b -> b.electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            ReplicatedNode first = cluster.awaitLeader();
            first.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            String other = cluster.ids().stream().filter(id -> !id.equals(first.nodeId())).findFirst().orElseThrow();
            try (Writers writers = new Writers(List.of(first))) {
                try (RaftClient admin = RaftClient.newBuilder().setRaftGroup(first.runtime().division().getGroup())
                        .setProperties(RaftSettings.admin()).build()) {
                    for (String to : List.of(other, first.nodeId(), other, first.nodeId())) {
                        writers.awaitMore(100);
                        RaftClientReply r = admin.admin().transferLeadership(RaftPeerId.valueOf(to), 20_000);
                        assertTrue(r.isSuccess(), "leadership moved to " + to + ": " + r);
                        Awaitility.await(to + " leading").atMost(Duration.ofSeconds(30))
                                .until(() -> to.equals(cluster.awaitLeader().nodeId()));
                    }
                }
                writers.awaitMore(100);
                writers.stopAndCheck();
                cluster.awaitConverged();
                assertAppliedOnce(cluster, first, writers.acked, "four moves of the leadership");
            }
        }
    }

    /**
     * The same with the leader stopped: writers append through the two other nodes, which send their entries to the
     * leader; the entries in flight when it stops are sent again to the new leader, which may have them already.
     */
    @Test
    @ExpectErrorLogs // see RatisShutdownErrors
    void writesInFlightWhenTheLeaderStopsAreAppliedOnce(TestDir dir, LogCapture logs) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, b -> b)) {
            ReplicatedNode leader = cluster.awaitLeader();
            leader.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            List<ReplicatedNode> followers = cluster.nodes().stream().filter(n -> n != leader).toList();
            try (Writers writers = new Writers(followers)) {
                writers.awaitMore(200);
                cluster.stop(leader.nodeId());
                writers.awaitMore(200);
                writers.stopAndCheck();
                ReplicatedNode next = cluster.awaitLeader();
                cluster.awaitConverged();
                assertAppliedOnce(cluster, next, writers.acked, "a stop of the leader");
            }
        }
    }

    private static void assertAppliedOnce(TestCluster cluster, ReplicatedNode via, Map<String, Long> acked,
                                          String what) {
        List<String> records = TestCluster.dump(via, TOPIC);
        Map<String, Long> seqOfData = new HashMap<>();
        long expectedSeq = 1;
        for (String line : records) {
            String[] f = line.split("\\|", 6);
            long seq = Long.parseLong(f[0]);
            assertEquals(expectedSeq++, seq, "seqs are gap-free");
            Long earlier = seqOfData.put(f[4], seq);
            assertNull(earlier, f[4] + " is in the log twice, at " + earlier + " and " + seq);
        }
        System.out.printf("%s: %d writes acknowledged, %d records in the log%n", what, acked.size(), records.size());
        assertEquals(acked, seqOfData, "every write once, at the seq it was acknowledged with, and nothing else");
        assertNotEquals(0, acked.size());
        for (ReplicatedNode n : cluster.nodes()) {
            assertEquals(records, TestCluster.dump(n, TOPIC), n.nodeId());
        }
    }

    /** {@value #WRITERS} threads appending distinct records without keys through the given nodes in turn. */
    private static final class Writers implements AutoCloseable {
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        private final AtomicInteger ackCount = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        private final List<Future<?>> done = new ArrayList<>();

        Writers(List<ReplicatedNode> via) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String data = "\"w" + writer + "-" + i + "\"";
                        ReplicatedNode node = via.get((writer + i) % via.size());
                        // a failure ends the writer and fails the test in stopAndCheck
                        AppendResult r = node.append(TOPIC, AppendRequest.of(RecordInput.json(data)));
                        acked.put(data, r.firstSeq());
                        ackCount.incrementAndGet();
                    }
                    return null;
                }));
            }
        }

        void awaitMore(int n) {
            int from = ackCount.get();
            Awaitility.await(n + " more acknowledgements").atMost(Duration.ofSeconds(30))
                    .until(() -> ackCount.get() >= from + n || done.stream().anyMatch(Future::isDone));
        }

        void stopAndCheck() throws Exception {
            stop.set(true);
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS); // rethrows a writer's failure
            }
        }

        @Override
        public void close() {
            stop.set(true);
            pool.shutdown();
            try {
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
