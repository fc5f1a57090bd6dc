package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.Durability;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backup of one node (its checkpoint at a log position, {@link ReplicatedNode#checkpointForPeer()}) restored
 * into the engine directory of every node of a new cluster: the new group starts its log after the backup's
 * position and serves the same records, leases, router and idempotency keys, then goes on from there.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class ClusterRestoreTest implements RatisShutdownErrors {

    private static ClusterSettings.Builder steady(ClusterSettings.Builder b) {
        return b.electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS);
    }

    @Test
    void aClusterRestoredFromOneNodesBackupServesItsStateAndGoesOn(TestDir dir) throws IOException {
        Path before = dir.path().resolve("before");
        Path after = dir.path().resolve("after");
        List<String> events;
        List<String> copies;
        QueueCounters queue;
        RouterInfo router;
        try (TestCluster one = TestCluster.start(before, 3, ClusterRestoreTest::steady)) {
            ReplicatedNode leader = one.awaitLeader();
            leader.configure("events", TopicConfig.builder().durability(Durability.FSYNC).build());
            leader.putRouter("copy", RouterSpec.of("events", "copies"));
            leader.configure("jobs", TopicConfig.builder().type(TopicType.QUEUE).leaseMs(600_000).build());
            for (int i = 0; i < 30; i++) {
                leader.append("events", AppendRequest.builder().idempotencyKey("k" + i)
                        .add(RecordInput.json("{\"i\":" + i + "}")).build());
            }
            for (int i = 0; i < 5; i++) {
                leader.append("jobs", AppendRequest.of(RecordInput.json("{\"job\":" + i + "}")));
            }
            assertEquals(2, leader.claim("jobs", ClaimRequest.of("w", 2)).count());
            try (dev.seqlog.core.backup.Backup backup = leader.checkpointForPeer().join()) { // one backup, three nodes
                for (String id : one.ids()) {
                    SnapshotInstallTest.restore(backup, after.resolve(id).resolve("engine"));
                }
            }
            events = TestCluster.dump(leader, "events");
            copies = TestCluster.dump(leader, "copies");
            queue = leader.state("jobs").queue();
            router = leader.router("copy");
        }
        assertEquals(30, events.size());
        assertEquals(new QueueCounters(3, 2, 0), queue);

        try (TestCluster two = TestCluster.start(after, 3, ClusterRestoreTest::steady)) {
            ReplicatedNode leader = two.awaitLeader();
            two.awaitConverged();
            for (ReplicatedNode n : two.nodes()) {
                assertTrue(n.runtime().stateMachine().recoveredIndex() > 0, n.nodeId());
                assertEquals(events, TestCluster.dump(n, "events"), n.nodeId());
                assertEquals(copies, TestCluster.dump(n, "copies"), n.nodeId());
                assertEquals(queue, n.state("jobs").queue(), n.nodeId());
                assertEquals(router, n.router("copy"), n.nodeId());
            }
            // it goes on: keys still deduplicated, the next seq, the router copying, the leases held
            assertTrue(leader.append("events", AppendRequest.builder().idempotencyKey("k7")
                    .add(RecordInput.json("0")).build()).deduped());
            assertEquals(31, leader.append("events", AppendRequest.of(RecordInput.json("{\"i\":30}"))).firstSeq());
            assertEquals(List.of(3L, 4L, 5L), leader.claim("jobs", ClaimRequest.of("v", 10)).claimed().stream()
                    .map(dev.seqlog.api.Job::seq).toList());
            two.quiesce();
            List<String> now = TestCluster.dump(leader, "copies");
            assertEquals(31, now.size());
            for (ReplicatedNode n : two.nodes()) {
                assertEquals(TestCluster.dump(leader, "events"), TestCluster.dump(n, "events"), n.nodeId());
                assertEquals(now, TestCluster.dump(n, "copies"), n.nodeId());
                assertEquals(new QueueCounters(0, 5, 0), n.state("jobs").queue(), n.nodeId());
            }
        }
    }
}
