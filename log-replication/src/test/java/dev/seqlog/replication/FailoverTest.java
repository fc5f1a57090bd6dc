package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.LogCapture;
import dev.seqlog.testsupport.TestDir;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the leader under load loses no acknowledged write: four writers append with idempotency keys through
 * any node, retrying a failed write with the same key on another node; the leader is stopped mid-stream. Every
 * acknowledged seq then holds the bytes written, on the new leader; seqs have no gap and no write landed twice;
 * the longest time without an acknowledgement stays under 5 s; and the old leader, started again on its
 * directory, catches up until all three serve the same records.
 */
class FailoverTest implements RatisShutdownErrors {
    private static final String TOPIC = "orders";
    private static final int WRITERS = 4;

    /** What a writer was told for one key. */
    private record Ack(long seq, String data) {
    }

    @Test
    @ExpectErrorLogs // see RatisShutdownErrors: the stopped leader may log one
    void noAcknowledgedWriteIsLostWhenTheLeaderStops(TestDir dir, LogCapture logs) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, b -> b)) {
            ReplicatedNode first = cluster.awaitLeader();
            first.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());

            Map<String, Ack> acked = new ConcurrentHashMap<>();
            AtomicInteger ackCount = new AtomicInteger();
            AtomicLong lastAckNanos = new AtomicLong(System.nanoTime());
            AtomicLong longestGapNanos = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    int retries = 0;
                    for (int i = 0; !stop.get(); i++) {
                        String key = "w" + writer + "-" + i;
                        String data = "{\"key\":\"" + key + "\",\"payload\":\"" + "x".repeat(i % 50) + "\"}";
                        AppendRequest req = AppendRequest.builder().idempotencyKey(key).add(RecordInput.json(data))
                                .build();
                        for (int attempt = 0; ; attempt++) {
                            List<ReplicatedNode> nodes = cluster.nodes();
                            ReplicatedNode via = nodes.get((writer + i + attempt) % nodes.size());
                            try {
                                AppendResult r = via.append(TOPIC, req);
                                acked.put(key, new Ack(r.firstSeq(), data));
                                long now = System.nanoTime();
                                long previous = lastAckNanos.getAndSet(now);
                                longestGapNanos.accumulateAndGet(now - previous, Math::max);
                                ackCount.incrementAndGet();
                                break;
                            } catch (SeqlogException e) {
                                retries++; // not acknowledged: the same key again, through another node
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                            }
                        }
                    }
                    return retries;
                }));
            }

            Awaitility.await("acknowledgements before the stop").atMost(Duration.ofSeconds(30))
                    .until(() -> ackCount.get() >= 200);
            String oldLeader = cluster.awaitLeader().nodeId();
            long stoppedAt = System.nanoTime();
            cluster.stop(oldLeader);
            long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            int atStop = ackCount.get();
            Awaitility.await("acknowledgements after the stop").atMost(Duration.ofSeconds(30))
                    .until(() -> ackCount.get() >= atStop + 200);
            stop.set(true);
            int retries = 0;
            for (Future<Integer> f : done) {
                retries += f.get(30, TimeUnit.SECONDS);
            }
            writers.shutdown();
            assertTrue(writers.awaitTermination(10, TimeUnit.SECONDS));

            ReplicatedNode leader = cluster.awaitLeader();
            assertNotEquals(oldLeader, leader.nodeId());
            long gapMs = TimeUnit.NANOSECONDS.toMillis(longestGapNanos.get());
            System.out.printf("failover: stopped leader %s (closing it took %d ms; %d acks by then); new leader %s; "
                            + "%d acks in all, %d retried attempts; longest time without an acknowledgement %d ms%n",
                    oldLeader, stopMs, atStop, leader.nodeId(), acked.size(), retries, gapMs);
            assertTrue(gapMs < 5_000, "longest write gap " + gapMs + " ms");

            cluster.awaitConverged();
            List<String> onLeader = TestCluster.dump(leader, TOPIC);
            assertEquals(onLeader.size(), leader.state(TOPIC).headSeq());
            Map<Long, String> bySeq = new HashMap<>();
            Map<String, Integer> copiesOfKey = new HashMap<>();
            long expectedSeq = 1;
            for (String line : onLeader) {
                String[] f = line.split("\\|", 6);
                long seq = Long.parseLong(f[0]);
                assertEquals(expectedSeq++, seq, "seqs are gap-free");
                bySeq.put(seq, f[4]);
                copiesOfKey.merge(f[4].substring(8, f[4].indexOf('"', 8)), 1, Integer::sum);
            }
            copiesOfKey.forEach((key, n) -> assertEquals(1, n, "key " + key + " written once"));
            acked.forEach((key, ack) -> assertEquals(ack.data(), bySeq.get(ack.seq()), "acknowledged " + key));

            cluster.start(oldLeader);
            cluster.quiesce();
            for (ReplicatedNode n : cluster.nodes()) {
                assertEquals(onLeader, TestCluster.dump(n, TOPIC), n.nodeId() + " serves the leader's records");
            }
            for (ReplicatedNode n : cluster.nodes()) {
                assertEquals(leader.state(TOPIC), n.state(TOPIC), n.nodeId());
            }
        }
    }
}
