package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.TestDir;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Raft snapshot is an engine checkpoint: a node restarted after one recovers the checkpoint and replays only the
 * entries after it from the Raft log, ending in the same state as the replicas that kept running; so does the whole
 * cluster restarted at once.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class RestartTest implements RatisShutdownErrors {
    private static final String TOPIC = "events";
    private static final int SNAPSHOT_EVERY = 20;

    @Test
    void aNodeRestartedAfterASnapshotReplaysOnlyTheRest(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3,
                b -> b.snapshotIntervalEntries(SNAPSHOT_EVERY)
                        .electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            ReplicatedNode leader = cluster.awaitLeader();
            leader.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).ttlMs(3_600_000).build());
            for (int i = 0; i < 100; i++) {
                cluster.nodes().get(i % 3).append(TOPIC, AppendRequest.builder().idempotencyKey("k" + i)
                        .add(RecordInput.json("{\"i\":" + i + "}").withTag("t" + (i % 4))).build());
            }
            String victim = cluster.ids().stream().filter(id -> !id.equals(leader.nodeId())).findFirst().orElseThrow();
            EngineStateMachine before = cluster.node(victim).runtime().stateMachine();
            Awaitility.await("a snapshot on " + victim).atMost(Duration.ofSeconds(10))
                    .until(() -> before.getLatestSnapshot() != null && before.getLatestSnapshot().getIndex() >= 80);
            cluster.stop(victim);

            for (int i = 100; i < 130; i++) {
                leader.append(TOPIC, AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
            }
            long committed = leader.status().commitIndex();

            ReplicatedNode restarted = cluster.start(victim);
            EngineStateMachine sm = restarted.runtime().stateMachine();
            long recovered = sm.recoveredIndex();
            assertTrue(recovered >= 80, "recovered from the checkpoint at " + recovered);
            cluster.awaitConverged();
            Awaitility.await("the restarted node applied what was committed").atMost(Duration.ofSeconds(10))
                    .until(() -> restarted.status().appliedIndex() >= committed);
            System.out.printf("restart: %s recovered its checkpoint at index %d, then applied %d entries from %d on "
                    + "(commit index %d)%n", victim, recovered, sm.entriesApplied(), sm.firstAppliedIndex(), committed);
            assertEquals(recovered + 1, sm.firstAppliedIndex(), "replay starts right after the checkpoint");
            // a tick may commit after the capture above: the bound is the node's own applied index
            assertTrue(sm.entriesApplied() <= restarted.status().appliedIndex() - recovered,
                    "only the entries after the checkpoint");
            assertTrue(sm.entriesApplied() >= 30, "the 30 appends made while it was down");

            cluster.quiesce();
            assertSameEverywhere(cluster, 130);

            // the whole cluster, stopped and started again, comes back with the same records and state
            List<String> records = TestCluster.dump(leader, TOPIC);
            TopicState state = leader.state(TOPIC);
            cluster.stopAll();
            for (String id : cluster.ids()) {
                cluster.start(id);
            }
            ReplicatedNode newLeader = cluster.awaitLeader();
            cluster.quiesce();
            for (ReplicatedNode n : cluster.nodes()) {
                assertNotEquals(-1, n.runtime().stateMachine().recoveredIndex(), n.nodeId() + " had a checkpoint");
                assertEquals(records, TestCluster.dump(n, TOPIC), n.nodeId());
            }
            assertEquals(state.headSeq(), newLeader.state(TOPIC).headSeq());
            assertEquals(state.count(), newLeader.state(TOPIC).count());
            assertEquals(131, newLeader.append(TOPIC, AppendRequest.of(RecordInput.json("\"next\""))).firstSeq());
        }
    }

    private static void assertSameEverywhere(TestCluster cluster, long head) {
        ReplicatedNode first = cluster.nodes().get(0);
        List<String> records = TestCluster.dump(first, TOPIC);
        assertEquals(head, records.size());
        for (ReplicatedNode n : cluster.nodes()) {
            assertEquals(records, TestCluster.dump(n, TOPIC), n.nodeId());
        }
        TopicState state = first.state(TOPIC);
        for (ReplicatedNode n : cluster.nodes()) {
            assertEquals(state, n.state(TOPIC), n.nodeId());
        }
    }
}
