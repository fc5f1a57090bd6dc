package dev.seqlog.server.http;

import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 of cluster nodes under HTTP load (issue 17): three server processes of the runnable jar in cluster mode;
 * writers POST single-record appends with idempotency keys to an {@code fsync} topic through random nodes, retrying
 * the same key on another node after a failure or a timeout.
 *
 * <ol>
 *   <li>The leader is killed with SIGKILL, repeatedly ({@value #ROUNDS_DEFAULT} rounds, more with
 *       {@code -Dseqlog.cluster.killRounds=N}); each round writes must go on with the two others, and the killed
 *       node is restarted on its data directory and must catch up (ready) before the next round.</li>
 *   <li>A follower is killed: writes go on; it is restarted and catches up.</li>
 *   <li>Two of the three are killed: no write sent while the quorum is gone is acknowledged before a node returns
 *       (the writers keep trying, and a probe write is refused or times out); once one returns, writes are
 *       acknowledged again.</li>
 * </ol>
 *
 * <p>Then every node serves the same export, byte for byte; seqs are gap-free; every acknowledged key is at its
 * acknowledged seq with the bytes written; no key was written twice. The longest time without any acknowledgement
 * while leaders and a follower are killed is printed and must stay under 5 s; so is the count of Ratis ERROR lines in
 * the nodes' logs (a node shutting down may log one), and no seqlog class may log an ERROR.
 */
class ClusterKillIT {
    private static final int ROUNDS_DEFAULT = 10;
    private static final int WRITERS = 4;
    private static final String TOPIC = "k";
    private static final long MAX_GAP_MS = 5_000;

    /** An acknowledged write: its key, seq and data, when it was sent and when the answer came. */
    private record Ack(String key, long seq, String data, long sentNanos, long ackNanos) {
    }

    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ackCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** Whether the quorum is gone now; attempts sent meanwhile are counted. */
    private volatile boolean quorumGone;
    private final AtomicInteger attemptsWithoutQuorum = new AtomicInteger();

    @Test
    void acknowledgedWritesSurviveKillNineOfLeadersFollowersAndTheQuorum(TestDir dir) throws Exception {
        String jar = KilledServer.jar();
        int rounds = Integer.getInteger("seqlog.cluster.killRounds", ROUNDS_DEFAULT);
        long seed = Long.getLong("seqlog.cluster.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("ClusterKillIT: %d leader kill rounds, seed %d, JDK %s%n", rounds, seed,
                System.getProperty("java.version"));
        long testStart = System.nanoTime();
        try (ClusterProcesses cluster = new ClusterProcesses(jar, dir, 3)) {
            try {
                run(cluster, rounds, seed, random, testStart);
            } catch (AssertionError | RuntimeException e) {
                System.out.println("node logs (tails):" + cluster.logTails(40));
                throw e;
            }
        }
    }

    private void run(ClusterProcesses cluster, int rounds, long seed, Random random, long testStart)
            throws Exception {
        for (String id : cluster.ids()) {
            cluster.start(id);
        }
        for (String id : cluster.ids()) {
            cluster.awaitReady(id, Duration.ofSeconds(90));
        }
        String first = cluster.awaitLeader();
        String created = cluster.send(first, "PUT", "/v0/topics/" + TOPIC,
                "{\"durability\":\"fsync\",\"idempotency_window_ms\":86400000}", 30_000);
        assertTrue(created.startsWith("201"), created);

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            long writerSeed = random.nextLong();
            Thread t = new Thread(() -> write(cluster, writer, new Random(writerSeed)), "cluster-writer-" + w);
            writers.add(t);
            t.start();
        }
        try {
            awaitAcks(50, "acknowledgements before the first kill");

            // 1. the leader, killed again and again
            long leaderPhaseStart = System.nanoTime();
            List<Long> failoverMs = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                String leader = cluster.awaitLeader();
                awaitAcks(ackCount.get() + 20, "acknowledgements before round " + round);
                long killedAt = System.nanoTime();
                cluster.kill(leader);
                awaitAcksSentAfter(killedAt, 30, "acknowledgements after killing leader " + leader + " (round "
                        + round + ")");
                long resumedMs = TimeUnit.NANOSECONDS.toMillis(firstAckSentAfter(killedAt) - killedAt);
                failoverMs.add(resumedMs);
                cluster.start(leader);
                cluster.awaitReady(leader, Duration.ofSeconds(90));
                System.out.printf("round %d: killed leader %s; first write sent after the kill acknowledged %d ms after it; "
                        + "%d acknowledged so far; %s restarted and caught up%n", round, leader, resumedMs,
                        ackCount.get(), leader);
            }
            long leaderPhaseEnd = System.nanoTime();

            // 2. a follower
            String leader = cluster.awaitLeader();
            String follower = cluster.ids().stream().filter(id -> !id.equals(leader)).toList()
                    .get(random.nextInt(2));
            long followerPhaseStart = System.nanoTime();
            cluster.kill(follower);
            awaitAcks(ackCount.get() + 50, "acknowledgements with follower " + follower + " down");
            cluster.start(follower);
            cluster.awaitReady(follower, Duration.ofSeconds(90));
            long followerPhaseEnd = System.nanoTime();
            System.out.printf("follower %s killed: writes went on; restarted and caught up; %d acknowledged so far%n",
                    follower, ackCount.get());

            // 3. two of three: nothing sent meanwhile is acknowledged until one returns
            String survivor = cluster.awaitLeader();
            List<String> down = cluster.ids().stream().filter(id -> !id.equals(survivor)).toList();
            awaitAcks(ackCount.get() + 20, "acknowledgements before the quorum is lost");
            cluster.kill(down.get(0));
            cluster.kill(down.get(1));
            long quorumLost = System.nanoTime();
            quorumGone = true;
            String probe = "{\"idempotency_key\":\"quorum-probe\",\"records\":[{\"data\":{\"k\":\"quorum-probe\"}}]}";
            for (int i = 0; i < 3; i++) {
                String r = cluster.send(survivor, "POST", "/v0/topics/" + TOPIC, probe, 3_000);
                assertFalse(r.startsWith("200"), "a write was acknowledged by " + survivor + " alone: " + r);
            }
            await("writers' attempts without a quorum").atMost(Duration.ofSeconds(30))
                    .until(() -> attemptsWithoutQuorum.get() >= 8);
            int attempts = attemptsWithoutQuorum.get();
            long quorumBack = System.nanoTime();
            quorumGone = false;
            cluster.start(down.get(0));
            for (Ack a : acks) {
                if (a.sentNanos() >= quorumLost && a.ackNanos() < quorumBack) {
                    fail("write " + a.key() + " was sent after the quorum was lost and acknowledged before it "
                            + "returned, seed " + seed);
                }
            }
            awaitAcksSentAfter(quorumBack, 20, "acknowledgements once " + down.get(0) + " returned");
            String retried = cluster.send(survivor, "POST", "/v0/topics/" + TOPIC, probe, 30_000);
            assertTrue(retried.startsWith("200"), "the probe, retried with a quorum: " + retried);
            cluster.awaitReady(down.get(0), Duration.ofSeconds(90));
            cluster.start(down.get(1));
            cluster.awaitReady(down.get(1), Duration.ofSeconds(90));
            System.out.printf("quorum lost (%s and %s killed, %s alone) for %d ms: %d attempts, none acknowledged; "
                    + "writes resumed with %s back%n", down.get(0), down.get(1), survivor,
                    TimeUnit.NANOSECONDS.toMillis(quorumBack - quorumLost), attempts, down.get(0));

            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
                assertFalse(t.isAlive(), t.getName() + " did not stop");
            }
            assertTrue(unexpected.isEmpty(), "answers other than 200, 503 or none: " + unexpected);

            long leaderGapMs = longestGapMs(leaderPhaseStart, leaderPhaseEnd);
            long followerGapMs = longestGapMs(followerPhaseStart, followerPhaseEnd);
            verify(cluster, seed);
            long ratisErrors = cluster.countInLogs(" ERROR org.apache.ratis");
            long seqlogErrors = cluster.countInLogs(" ERROR dev.seqlog");
            Collections.sort(failoverMs);
            System.out.printf("ClusterKillIT: %d leader kills, %d writes acknowledged; longest write gap %d ms while "
                            + "leaders were killed, %d ms with a follower killed; first write sent after a leader "
                            + "kill acknowledged after: median %d ms, max %d ms; Ratis ERROR lines in the node logs: %d; "
                            + "seqlog ERROR lines: %d; %d s in all; seed %d%n", rounds, ackCount.get(),
                    leaderGapMs, followerGapMs, failoverMs.get(failoverMs.size() / 2),
                    failoverMs.get(failoverMs.size() - 1), ratisErrors, seqlogErrors,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - testStart), seed);
            assertTrue(leaderGapMs < MAX_GAP_MS, "longest write gap while leaders were killed: " + leaderGapMs + " ms");
            assertTrue(followerGapMs < MAX_GAP_MS, "longest write gap with a follower down: " + followerGapMs + " ms");
            assertEquals(0, seqlogErrors, "seqlog logged errors in a node");
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
            }
        }
    }

    /** Appends one record per key until stopped, retrying a key through a random node until it is acknowledged. */
    private void write(ClusterProcesses cluster, int writer, Random random) {
        for (int i = 0; !stop.get(); i++) {
            String key = "w" + writer + "-" + i;
            String data = "{\"k\":\"" + key + "\",\"p\":\"" + "x".repeat(i % 40) + "\"}";
            String body = "{\"idempotency_key\":\"" + key + "\",\"records\":[{\"data\":" + data + "}]}";
            while (!stop.get()) {
                List<String> live = new ArrayList<>(cluster.bases().values());
                if (live.isEmpty()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    continue;
                }
                String base = live.get(random.nextInt(live.size()));
                if (quorumGone) {
                    attemptsWithoutQuorum.incrementAndGet();
                }
                long sent = System.nanoTime();
                String r = ClusterProcesses.send(base, "POST", "/v0/topics/" + TOPIC, body, 5_000, 1_000);
                long answered = System.nanoTime();
                if (r.startsWith("200 ")) {
                    long seq = (Long) JsonValue.at(JsonValue.parse(r.substring(4)), "first_seq");
                    acks.add(new Ack(key, seq, data, sent, answered));
                    ackCount.incrementAndGet();
                    break;
                }
                if (!r.startsWith("503 ") && !r.startsWith("0 ")) {
                    unexpected.add(key + " via " + base + ": " + r);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // not acknowledged: the same key again
            }
        }
    }

    private void awaitAcks(int atLeast, String what) {
        await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> ackCount.get() >= atLeast);
    }

    private void awaitAcksSentAfter(long nanos, int atLeast, String what) {
        await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> acks.stream().filter(a -> a.sentNanos() >= nanos).count() >= atLeast);
    }

    /** @return when the first write sent after {@code nanos} was acknowledged */
    private long firstAckSentAfter(long nanos) {
        return acks.stream().filter(a -> a.sentNanos() >= nanos).mapToLong(Ack::ackNanos).min().orElseThrow();
    }

    /** The longest time within [from, to] without an acknowledgement, counting from the last one before it. */
    private long longestGapMs(long from, long to) {
        List<Long> times = new ArrayList<>(acks.stream().map(Ack::ackNanos).toList());
        Collections.sort(times);
        long previous = times.stream().filter(t -> t <= from).reduce((a, b) -> b).orElse(from);
        long longest = 0;
        for (long t : times) {
            if (t > from && t <= to) {
                longest = Math.max(longest, t - previous);
                previous = t;
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(Math.max(longest, to - previous));
    }

    /** Every node serves the same export; seqs gap-free; each acknowledged key at its seq; no key twice. */
    private void verify(ClusterProcesses cluster, long seed) {
        Map<String, List<String>> exports = new HashMap<>();
        await("every node has applied the same head").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Set<Object> heads = new HashSet<>();
                    for (String id : cluster.ids()) {
                        String r = cluster.send(id, "GET", "/v0/topics/" + TOPIC, null, 10_000);
                        heads.add(r.startsWith("200") ? JsonValue.at(JsonValue.parse(r.substring(4)), "head_seq") : r);
                    }
                    return heads.size() == 1;
                });
        for (String id : cluster.ids()) {
            String r = cluster.send(id, "GET", "/v0/topics/" + TOPIC + "/records?from_seq=0", null, 60_000);
            assertTrue(r.startsWith("200"), id + " export: " + r.substring(0, Math.min(200, r.length())));
            List<String> lines = r.substring(4).lines().toList();
            assertTrue(lines.get(lines.size() - 1).startsWith("{\"$end\""), id + " export ends with $end");
            exports.put(id, lines.subList(0, lines.size() - 1));
        }
        List<String> reference = exports.get(cluster.ids().get(0));
        for (String id : cluster.ids()) {
            assertEquals(reference.size(), exports.get(id).size(), id + " holds as many records, seed " + seed);
            assertEquals(reference, exports.get(id), id + " serves the same bytes, seed " + seed);
        }
        Map<Long, String> bySeq = new HashMap<>();
        Map<String, Long> seqOfKey = new HashMap<>();
        long expected = 1;
        for (String line : reference) {
            Object rec = JsonValue.parse(line);
            long seq = (Long) JsonValue.at(rec, "$seq");
            assertEquals(expected++, seq, "seqs are gap-free, seed " + seed);
            bySeq.put(seq, line);
            String key = (String) JsonValue.at(rec, "data.k");
            Long earlier = seqOfKey.put(key, seq);
            if (earlier != null) {
                fail("key " + key + " written twice, at seqs " + earlier + " and " + seq + ", seed " + seed);
            }
        }
        for (Ack a : acks) {
            String line = bySeq.get(a.seq());
            if (line == null) {
                fail("acknowledged write lost: " + a.key() + " at seq " + a.seq() + ", seed " + seed);
            }
            assertTrue(line.endsWith(",\"data\":" + a.data() + "}"), "seq " + a.seq() + " holds " + line
                    + ", acknowledged as " + a.data() + ", seed " + seed);
        }
        assertNotEquals(0, acks.size());
    }
}
