package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.TestDir;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Replacing a dead node: the new node is started with the new peers, then any live node is asked to change the
 * voters. Wrong requests are refused before Raft is asked; the accepted one is committed on every node, the new
 * node catches up from the log, and it then counts towards the majority.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class MembershipTest implements RatisShutdownErrors {
    private static final String TOPIC = "t";

    @Test
    void aStoppedNodeIsReplacedByANewNodeThatCatchesUp(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3,
                b -> b.electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            ReplicatedNode leader = cluster.awaitLeader();
            leader.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            for (int i = 0; i < 50; i++) {
                leader.append(TOPIC, AppendRequest.of(RecordInput.json("{\"before\":" + i + "}")));
            }
            List<String> followers = cluster.ids().stream().filter(id -> !id.equals(leader.nodeId())).toList();
            String gone = followers.get(0);
            ReplicatedNode asked = cluster.node(followers.get(1));
            cluster.stop(gone);
            Peer gonePeer = cluster.peer(gone);
            List<Peer> next = cluster.planReplacement(gone, "n4");

            refused("new_peer_unreachable", () -> asked.setPeers(next));
            ReplicatedNode fresh = cluster.start("n4");
            long window = Reconfiguration.contactWindowMs(cluster.settings(leader.nodeId()));
            Awaitility.await("the leader has not heard from " + gone + " for " + window + " ms")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> leader.status().followerLastContactMs().getOrDefault(gone, 0L) > window);
            refused("majority_not_kept", () -> asked.setPeers(List.of(cluster.peer(leader.nodeId()),
                    cluster.peer("n4"))));
            refused("majority_unreachable", () -> asked.setPeers(List.of(cluster.peer(leader.nodeId()), gonePeer,
                    cluster.peer("n4"))));

            assertEquals(next, asked.setPeers(next));
            Awaitility.await("every node has the new voters").atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.nodes().stream()
                            .allMatch(n -> new HashSet<>(n.status().peers()).equals(new HashSet<>(next))));
            // asking again for the configuration in force changes nothing
            assertEquals(new HashSet<>(next), new HashSet<>(leader.setPeers(next)));

            cluster.awaitConverged();
            assertEquals(TestCluster.dump(leader, TOPIC), TestCluster.dump(fresh, TOPIC));

            // the new node is a voter: with the asked node stopped too, the leader and it are a majority
            cluster.stop(asked.nodeId());
            assertEquals(51, fresh.append(TOPIC, AppendRequest.of(RecordInput.json("{\"after\":1}"))).firstSeq());
            cluster.awaitConverged();
            assertEquals(TestCluster.dump(leader, TOPIC), TestCluster.dump(fresh, TOPIC));
        }
    }

    private static void refused(String reason, Executable call) {
        SeqlogException e = assertThrows(SeqlogException.class, call);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code(), e.getMessage());
        assertEquals(reason, e.detail().get("reason"), e.getMessage());
    }
}
