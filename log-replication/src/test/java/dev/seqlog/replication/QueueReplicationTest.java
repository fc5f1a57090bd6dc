package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queues through Raft: claims, acks, nacks and extends are entries every replica applies at the entry's time, so
 * each replica hands out the same jobs with the same lease ids and deadlines, and computes the same reply for every
 * entry, including a replica restarted from a checkpoint taken while leases were held; dead-letter moves land at
 * the same seqs everywhere. Claims reaching one node within a coalescing window travel as one cohort.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class QueueReplicationTest implements RatisShutdownErrors {
    private static final long T0 = 1_700_000_000_000L;
    private static final String QUEUE = "jobs";
    private static final String DLQ = "jobs.dlq";

    private final ManualClock clock = new ManualClock(T0);
    private final SameReplies replies = new SameReplies();

    @Test
    void everyReplicaLeasesTheSameJobsWithTheSameIdsAndRepliesTheSame(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, b -> b.clock(clock).tickIntervalMs(50)
                .snapshotIntervalEntries(8).electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            cluster.nodes().forEach(replies::observe);
            cluster.awaitLeader();
            List<ReplicatedNode> n = cluster.nodes();
            n.get(0).configure(QUEUE, TopicConfig.builder().type(TopicType.QUEUE).leaseMs(5_000).maxDeliveries(2)
                    .deadLetter(DLQ).build());
            for (int i = 0; i < 12; i++) {
                n.get(i % 3).append(QUEUE, AppendRequest.of(RecordInput.json("{\"job\":" + i + "}")));
            }

            // claims through different nodes take disjoint jobs, fresh ids, deadlines on the log's clock
            ClaimResult a = n.get(0).claim(QUEUE, ClaimRequest.of("a", 4));
            ClaimResult b = n.get(1).claim(QUEUE, ClaimRequest.of("b", 4).withLeaseMs(20_000));
            assertEquals(List.of(1L, 2L, 3L, 4L), seqs(a));
            assertEquals(List.of(5L, 6L, 7L, 8L), seqs(b));
            Set<String> ids = new HashSet<>();
            for (Job j : concat(a, b)) {
                assertTrue(j.leaseId().matches("lease_[0-9a-f]{16}"), j.leaseId());
                assertTrue(ids.add(j.leaseId()), "unique: " + j.leaseId());
                assertEquals(1, j.deliveries());
            }
            assertEquals(T0 + 5_000, a.claimed().get(0).deadline());
            assertEquals(T0 + 20_000, b.claimed().get(0).deadline());
            assertEquals(8, a.ready());

            // ack with the right lease id, a wrong one skipped; nack with a delay; extend
            LeaseResult acked = n.get(2).ack(QUEUE, LeaseRequest.of("a", 1, 2)
                    .withLeaseIds(List.of(a.claimed().get(0).leaseId(), b.claimed().get(0).leaseId())));
            assertEquals(1, acked.done());
            assertEquals(List.of(2L), acked.skipped());
            assertEquals(1, n.get(0).nack(QUEUE, LeaseRequest.of("b", 5), 1_000).done());
            LeaseResult extended = n.get(1).extend(QUEUE, LeaseRequest.of("a", 3), 60_000);
            assertEquals(Map.of(3L, T0 + 60_000), extended.deadlines());
            assertEquals(0, n.get(1).ack(QUEUE, LeaseRequest.of("nobody", 4)).done());

            // a's other leases expire on the log's clock; the reclaimed jobs go first, then fresh ones
            clock.advance(6_000);
            ClaimResult c = n.get(2).claim(QUEUE, ClaimRequest.of("c", 4));
            assertEquals(List.of(2L, 4L, 5L, 9L), seqs(c));
            assertEquals(List.of(2L, 2L, 2L, 1L), c.claimed().stream().map(Job::deliveries).toList());

            // a node restarted from a checkpoint taken while leases were held continues like the others
            String victim = cluster.ids().stream().filter(id -> !id.equals(cluster.awaitLeader().nodeId()))
                    .findFirst().orElseThrow();
            cluster.awaitConverged();
            long leased = cluster.node(victim).status().appliedIndex();
            cluster.stop(victim); // a stopping server checkpoints what it applied
            ReplicatedNode restarted = cluster.start(victim);
            replies.observe(restarted);
            assertTrue(restarted.runtime().stateMachine().recoveredIndex() >= leased);
            n = cluster.nodes();
            cluster.awaitConverged();

            // past max_deliveries: the next pass moves jobs 2, 4 and 5 to the dead-letter topic instead
            clock.advance(6_000);
            ClaimResult d = restarted.claim(QUEUE, ClaimRequest.of("d", 10));
            assertEquals(List.of(9L, 10L, 11L, 12L), seqs(d));
            assertEquals(List.of(2L, 1L, 1L, 1L), d.claimed().stream().map(Job::deliveries).toList());
            for (Job j : d.claimed()) {
                assertTrue(ids.add(j.leaseId()), "unique after the restart: " + j.leaseId());
            }

            cluster.quiesce();
            List<String> dlq = TestCluster.dump(n.get(0), DLQ);
            assertEquals(3, dlq.size(), dlq.toString());
            QueueCounters counters = n.get(0).state(QUEUE).queue();
            assertEquals(new QueueCounters(0, 8, 3), counters); // 3 held by a, 6-8 by b, 9-12 by d
            for (ReplicatedNode node : n) {
                assertEquals(dlq, TestCluster.dump(node, DLQ), node.nodeId());
                assertEquals(TestCluster.dump(n.get(0), QUEUE), TestCluster.dump(node, QUEUE), node.nodeId());
                assertEquals(counters, node.state(QUEUE).queue(), node.nodeId());
            }
            replies.assertSame(20);
        }
    }

    @Test
    void claimsReachingOneNodeWithinAWindowAreServedByOnePass(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3,
                b -> b.electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            cluster.nodes().forEach(replies::observe);
            cluster.awaitLeader();
            List<ReplicatedNode> n = cluster.nodes();
            ReplicatedNode via = n.get(1);
            via.configure("windowed", TopicConfig.builder().type(TopicType.QUEUE).claimJitterMs(300).build());
            for (int i = 0; i < 10; i++) {
                via.append("windowed", AppendRequest.of(RecordInput.json("{\"job\":" + i + "}")));
            }
            // three claims in one window: one pass deals the ten jobs round-robin in arrival order
            List<CompletableFuture<ClaimResult>> claims = List.of(
                    via.claimAsync("windowed", ClaimRequest.of("a", 10)),
                    via.claimAsync("windowed", ClaimRequest.of("b", 10)),
                    via.claimAsync("windowed", ClaimRequest.of("c", 10)));
            List<List<Long>> got = claims.stream().map(f -> seqs(f.join())).toList();
            assertEquals(List.of(List.of(1L, 4L, 7L, 10L), List.of(2L, 5L, 8L), List.of(3L, 6L, 9L)), got);

            // a claim with a bad node is refused alone; the others of its window are served
            via.append("windowed", AppendRequest.of(RecordInput.json("11")));
            CompletableFuture<ClaimResult> bad = via.claimAsync("windowed", ClaimRequest.of("", 1));
            CompletableFuture<ClaimResult> good = via.claimAsync("windowed", ClaimRequest.of("d", 1));
            SeqlogException refused = unwrap(assertThrows(CompletionException.class, bad::join));
            assertEquals(ErrorCode.INVALID_REQUEST, refused.code());
            assertEquals(List.of(11L), seqs(good.join()));

            // a push subscription's claims join the node's windows too
            PushSubscriptionTest.Recorder worker = new PushSubscriptionTest.Recorder();
            via.work("windowed", WorkRequest.of("p", 5)).subscribe(worker);
            via.append("windowed", AppendRequest.of(RecordInput.json("12"), RecordInput.json("13")));
            Awaitility.await("two pushed jobs").atMost(Duration.ofSeconds(20))
                    .until(() -> worker.seqs().equals(List.of(12L, 13L)));

            cluster.quiesce();
            for (ReplicatedNode node : n) {
                assertEquals(new QueueCounters(0, 13, 0), node.state("windowed").queue(), node.nodeId());
            }
            replies.assertSame(10);
        }
    }

    private static List<Long> seqs(ClaimResult r) {
        return r.claimed().stream().map(Job::seq).toList();
    }

    private static List<Job> concat(ClaimResult... rs) {
        return Arrays.stream(rs).flatMap(r -> r.claimed().stream()).toList();
    }

    private static SeqlogException unwrap(RuntimeException e) {
        Throwable t = e;
        while (!(t instanceof SeqlogException) && t.getCause() != null) {
            t = t.getCause();
        }
        return (SeqlogException) t;
    }
}
