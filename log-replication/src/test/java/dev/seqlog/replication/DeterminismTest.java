package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.TestDir;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every clock-driven rule gives the same state on every replica, because each reads the time the proposer wrote
 * into the log, never its own clock: TTL expiry (moved by the leader's ticks while nothing is written),
 * idempotency windows and cap eviction, with writes spread over all three nodes and a manual clock as the nodes'
 * proposal clock.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class DeterminismTest implements RatisShutdownErrors {
    private static final long T0 = 1_700_000_000_000L;
    private static final List<String> TOPICS = List.of("ttl", "idem", "cap", "capbytes", "reject");

    private final ManualClock clock = new ManualClock(T0);

    private static AppendResult append(ReplicatedNode via, String topic, String data) {
        return via.append(topic, AppendRequest.of(RecordInput.json(data)));
    }

    @Test
    void clockDrivenRulesGiveTheSameStateOnEveryReplica(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, b -> b.clock(clock).tickIntervalMs(50)
                .electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            cluster.awaitLeader();
            List<ReplicatedNode> n = cluster.nodes();
            n.get(0).configure("ttl", TopicConfig.builder().ttlMs(10_000).durability(Durability.FSYNC).build());
            n.get(1).configure("idem", TopicConfig.builder().idempotencyWindowMs(5_000).build());
            n.get(2).configure("cap", TopicConfig.builder().capRecords(5).build());
            n.get(0).configure("capbytes", TopicConfig.builder().capBytes(100).build());
            n.get(1).configure("reject", TopicConfig.builder().capRecords(3).discard(Discard.REJECT).build());

            // TTL: three batches 4 s apart, through three nodes
            for (int batch = 0; batch < 3; batch++) {
                for (int i = 0; i < 3; i++) {
                    append(n.get(batch), "ttl", "{\"batch\":" + batch + ",\"i\":" + i + "}");
                }
                if (batch < 2) {
                    clock.advance(4_000);
                }
            }
            // idempotency: a retry inside the window is deduplicated wherever it lands; after the window it is new
            AppendRequest keyed = AppendRequest.builder().idempotencyKey("k1").add(RecordInput.json("\"once\"")).build();
            assertEquals(1, n.get(0).append("idem", keyed).firstSeq());
            clock.set(T0 + 9_000);
            AppendResult retry = n.get(1).append("idem", keyed);
            assertTrue(retry.deduped());
            assertEquals(1, retry.firstSeq());
            clock.set(T0 + 14_000);
            AppendResult late = n.get(2).append("idem", keyed);
            assertFalse(late.deduped(), "the window closed at +13 s by the log's clock");
            assertEquals(2, late.firstSeq());
            n.get(0).delete("idem", DeleteRequest.before(2));

            // caps: eviction of the oldest by count and by bytes, and refusal when full
            for (int i = 0; i < 12; i++) {
                append(n.get(i % 3), "cap", "{\"i\":" + i + "}");
                append(n.get((i + 1) % 3), "capbytes", "{\"i\":" + i + ",\"pad\":\"0123456789\"}");
            }
            for (int i = 0; i < 3; i++) {
                append(n.get(i), "reject", "" + i);
            }
            SeqlogException full = assertThrows(SeqlogException.class, () -> append(n.get(1), "reject", "3"));
            assertEquals(ErrorCode.TOPIC_FULL, full.code());

            // nothing more is written: the leader's ticks carry the clock past the first two TTL batches
            clock.set(T0 + 16_000);
            Awaitility.await("the log clock reaches the proposers' clock on every node").atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.nodes().stream()
                            .allMatch(node -> node.runtime().stateMachine().clock().millis() >= T0 + 16_000));
            cluster.quiesce();

            ReplicatedNode first = cluster.nodes().get(0);
            assertEquals(3, first.state("ttl").count());
            assertEquals(7, first.state("ttl").earliestSeq());
            assertEquals(5, first.state("cap").count());
            assertEquals(8, first.state("cap").earliestSeq());
            assertEquals(3, first.state("reject").count());
            assertEquals(1, first.state("idem").count());
            for (String topic : TOPICS) {
                TopicState expected = first.state(topic);
                for (ReplicatedNode node : cluster.nodes()) {
                    assertEquals(expected, node.state(topic), topic + " on " + node.nodeId());
                }
            }
            for (String topic : TOPICS) {
                List<String> expected = TestCluster.dump(first, topic);
                for (ReplicatedNode node : cluster.nodes()) {
                    assertEquals(expected, TestCluster.dump(node, topic), topic + " on " + node.nodeId());
                }
            }
            assertTrue(TestCluster.dump(first, "ttl").stream().filter(l -> !l.startsWith("tombstone"))
                    .allMatch(l -> l.split("\\|")[1].equals(Long.toString(T0 + 8_000))),
                    "every record's ts is the proposer's time, not a replica's");
        }
    }
}
