package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.Discard;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routers through Raft: definitions are entries, and every replica forwards every router after applying each
 * entry, on its apply thread, so the copies land at the same seqs with the same stamps everywhere: through a filter,
 * along a chain of two routers (the second exactly-once), interleaved with direct writes to a destination, into a
 * full destination that refuses until room is made, and on a replica restarted from a checkpoint, which neither
 * copies a record again nor misses one.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class RouterReplicationTest implements RatisShutdownErrors {
    private static final long T0 = 1_700_000_000_000L;
    private static final List<String> TOPICS = List.of("orders", "eu-orders", "archive", "small");

    private final ManualClock clock = new ManualClock(T0);
    private final SameReplies replies = new SameReplies();

    @Test
    void everyReplicaCopiesTheSameRecordsToTheSameSeqs(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, b -> b.clock(clock).tickIntervalMs(50)
                .snapshotIntervalEntries(16).electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            cluster.nodes().forEach(replies::observe);
            cluster.awaitLeader();
            List<ReplicatedNode> n = cluster.nodes();
            n.get(0).configure("orders", TopicConfig.defaults());
            assertTrue(n.get(1).putRouter("eu", RouterSpec.of("orders", "eu-orders")
                    .withFilter(TagMatch.glob("eu*"))).created());
            assertTrue(n.get(2).putRouter("archive", RouterSpec.of("eu-orders", "archive")
                    .withGuarantee(RouterGuarantee.EXACTLY_ONCE)).created());
            n.get(0).configure("small", TopicConfig.builder().capRecords(3).discard(Discard.REJECT).build());
            assertTrue(n.get(0).putRouter("overflow", RouterSpec.of("orders", "small")).created());

            for (int i = 0; i < 20; i++) {
                String tag = (i % 2 == 0 ? "eu-" : "us-") + i;
                n.get(i % 3).append("orders", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}").withTag(tag)));
                if (i == 7) { // a direct write to a destination, between two copies
                    n.get(1).append("eu-orders", AppendRequest.of(RecordInput.json("\"direct\"").withTag("eu-x")));
                }
                clock.advance(10);
            }
            cluster.quiesce();
            assertEquals(11, TestCluster.dump(n.get(0), "eu-orders").size());
            assertEquals(11, TestCluster.dump(n.get(0), "archive").size());
            assertEquals(3, TestCluster.dump(n.get(0), "small").size(), "the destination refuses the rest");
            assertEquals(3, n.get(0).router("overflow").cursor());
            assertSameEverywhere(cluster);

            // room in the full destination: the next entry (a delete) lets the router go on, on every replica
            n.get(2).delete("small", DeleteRequest.before(4));
            cluster.quiesce();
            assertEquals(6, n.get(0).router("overflow").cursor());
            assertSameEverywhere(cluster);

            // a follower restarted from its checkpoint copies nothing twice and misses nothing
            String victim = cluster.ids().stream().filter(id -> !id.equals(cluster.awaitLeader().nodeId()))
                    .findFirst().orElseThrow();
            cluster.stop(victim);
            for (int i = 20; i < 24; i++) {
                cluster.awaitLeader().append("orders", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")
                        .withTag("eu-" + i)));
                clock.advance(10);
            }
            replies.observe(cluster.start(victim));
            n = cluster.nodes();
            for (int i = 24; i < 28; i++) {
                n.get(i % 3).append("orders", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")
                        .withTag("eu-" + i)));
                clock.advance(10);
            }
            cluster.quiesce();
            assertEquals(19, TestCluster.dump(n.get(0), "archive").size());
            assertSameEverywhere(cluster);

            // a deleted router copies no more
            assertTrue(n.get(1).deleteRouter("eu").deleted());
            assertFalse(n.get(2).deleteRouter("eu").deleted());
            n.get(0).append("orders", AppendRequest.of(RecordInput.json("\"late\"").withTag("eu-late")));
            cluster.quiesce();
            assertEquals(19, TestCluster.dump(n.get(0), "eu-orders").size());
            assertSameEverywhere(cluster);
            replies.assertSame(40);
        }
    }

    private static void assertSameEverywhere(TestCluster cluster) {
        List<ReplicatedNode> n = cluster.nodes();
        for (String topic : TOPICS) {
            List<String> expected = TestCluster.dump(n.get(0), topic);
            for (ReplicatedNode node : n) {
                assertEquals(expected, TestCluster.dump(node, topic), topic + " on " + node.nodeId());
            }
        }
        List<RouterInfo> routers = n.get(0).routers(RouterListRequest.all()).routers();
        for (ReplicatedNode node : n) {
            assertEquals(routers, node.routers(RouterListRequest.all()).routers(), node.nodeId());
        }
    }
}
