package dev.seqlog.server.http;

import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of cluster leaders while workers drain a queue over HTTP: three server processes of the runnable jar in
 * cluster mode, an {@code fsync} queue with durable leases, a producer enqueuing through random nodes, and three
 * workers that claim through a random node and ack what they got, fenced by its lease ids, through another. The
 * leader is killed {@value #KILLS} times and restarted on its directory. Then, with every node agreeing the queue is
 * empty:
 *
 * <ul>
 *   <li>every job whose enqueue was acknowledged was acked by a worker (no job lost);</li>
 *   <li>no first attempt of an ack was skipped: a claim that was acknowledged kept its leases through every failover
 *       (a retried ack may find its first attempt applied);</li>
 *   <li>no job was handed out again after an ack of it was acknowledged, nor while a lease of it that a worker was
 *       told about was still running (margin 5 s);</li>
 *   <li>no lease id was handed out twice.</li>
 * </ul>
 */
class ClusterQueueKillIT {
    private static final int KILLS = 3;
    private static final int WORKERS = 3;
    private static final String QUEUE = "jobs";
    private static final long LEASE_MS = 30_000;

    /** A job a worker was told about: when the claim was sent and answered, its lease and deadline. */
    private record Delivery(long seq, String leaseId, long deadline, String worker, long sentMs, long answeredMs) {
    }

    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    /** Seq to when an ack of it was acknowledged (wall clock ms). */
    private final Map<Long, Long> acked = new ConcurrentHashMap<>();
    private final Set<Long> enqueued = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger ackCount = new AtomicInteger();

    @Test
    void claimedLeasesAndAcksSurviveKillNineOfLeaders(TestDir dir) throws Exception {
        String jar = KilledServer.jar();
        long seed = Long.getLong("seqlog.cluster.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("ClusterQueueKillIT: %d leader kills, seed %d, JDK %s%n", KILLS, seed,
                System.getProperty("java.version"));
        try (ClusterProcesses cluster = new ClusterProcesses(jar, dir, 3)) {
            try {
                run(cluster, random, seed);
            } catch (AssertionError | RuntimeException e) {
                System.out.println("node logs (tails):" + cluster.logTails(40));
                throw e;
            }
        }
    }

    private void run(ClusterProcesses cluster, Random random, long seed) throws Exception {
        for (String id : cluster.ids()) {
            cluster.start(id);
        }
        for (String id : cluster.ids()) {
            cluster.awaitReady(id, Duration.ofSeconds(90));
        }
        String first = cluster.awaitLeader();
        String created = cluster.send(first, "PUT", "/v0/topics/" + QUEUE, "{\"type\":\"queue\",\"durability\":\"fsync\","
                + "\"leases_durable\":true,\"lease_ms\":" + LEASE_MS + "}", 30_000);
        assertTrue(created.startsWith("201"), created);

        List<Thread> threads = new ArrayList<>();
        long producerSeed = random.nextLong();
        threads.add(new Thread(() -> produce(cluster, new Random(producerSeed)), "queue-producer"));
        for (int w = 0; w < WORKERS; w++) {
            String worker = "w" + w;
            long workerSeed = random.nextLong();
            threads.add(new Thread(() -> work(cluster, worker, new Random(workerSeed)), "queue-" + worker));
        }
        threads.forEach(Thread::start);
        try {
            awaitAcks(100, "acks before the first kill");
            for (int round = 1; round <= KILLS; round++) {
                String leader = cluster.awaitLeader();
                int before = ackCount.get();
                cluster.kill(leader);
                awaitAcks(before + 100, "acks after killing leader " + leader);
                cluster.start(leader);
                cluster.awaitReady(leader, Duration.ofSeconds(90));
                System.out.printf("round %d: killed leader %s; %d jobs acked so far; %s restarted and caught up%n",
                        round, leader, ackCount.get(), leader);
            }
            producing.set(false);
            await("every node shows the queue empty").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200)).until(() -> cluster.ids().stream()
                            .allMatch(id -> empty(cluster.send(id, "GET", "/v0/topics/" + QUEUE, null, 10_000))));
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
                assertFalse(t.isAlive(), t.getName() + " did not stop");
            }
            verify(seed);
        } finally {
            stop.set(true);
            producing.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    private void awaitAcks(int atLeast, String what) {
        await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> ackCount.get() >= atLeast);
    }

    private static boolean empty(String state) {
        if (!state.startsWith("200")) {
            return false;
        }
        Object s = JsonValue.parse(state.substring(4));
        return Long.valueOf(0).equals(JsonValue.at(s, "count")) && Long.valueOf(0).equals(JsonValue.at(s, "queue.ready"))
                && Long.valueOf(0).equals(JsonValue.at(s, "queue.in_flight"));
    }

    /** Enqueues batches of ten jobs through random nodes while the kills go on. */
    private void produce(ClusterProcesses cluster, Random random) {
        for (int batch = 0; producing.get(); batch++) {
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < 10; i++) {
                body.append(i == 0 ? "" : ",").append("{\"data\":{\"b\":").append(batch).append(",\"i\":").append(i)
                        .append("}}");
            }
            String r = sendAnywhere(cluster, random, "/v0/topics/" + QUEUE, body.append("]}").toString());
            if (r.startsWith("200 ")) {
                Object a = JsonValue.parse(r.substring(4));
                for (long s = (Long) JsonValue.at(a, "first_seq"); s <= (Long) JsonValue.at(a, "last_seq"); s++) {
                    enqueued.add(s);
                }
            } else {
                expected(r, "enqueue");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Claims two jobs at a time through a random node, and acks them, fenced by their lease ids, until stopped. */
    private void work(ClusterProcesses cluster, String worker, Random random) {
        while (!stop.get()) {
            long sent = System.currentTimeMillis();
            String r = sendAnywhere(cluster, random, "/v0/topics/" + QUEUE + "/claim",
                    "{\"node\":\"" + worker + "\",\"max\":2}");
            long answered = System.currentTimeMillis();
            if (!r.startsWith("200 ")) {
                expected(r, "claim");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                continue;
            }
            List<?> claimed = (List<?>) JsonValue.at(JsonValue.parse(r.substring(4)), "claimed");
            if (claimed.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                continue;
            }
            List<Delivery> got = new ArrayList<>();
            for (Object job : claimed) {
                Delivery d = new Delivery((Long) JsonValue.at(job, "$seq"), (String) JsonValue.at(job, "lease_id"),
                        (Long) JsonValue.at(job, "deadline"), worker, sent, answered);
                got.add(d);
                deliveries.add(d);
            }
            ack(cluster, worker, random, got);
        }
    }

    /** Acks the jobs through random nodes until an attempt is answered; the first attempt must ack them all. */
    private void ack(ClusterProcesses cluster, String worker, Random random, List<Delivery> got) {
        String seqs = got.stream().map(d -> String.valueOf(d.seq())).collect(Collectors.joining(","));
        String ids = got.stream().map(d -> "\"" + d.leaseId() + "\"").collect(Collectors.joining(","));
        String body = "{\"node\":\"" + worker + "\",\"seqs\":[" + seqs + "],\"lease_ids\":[" + ids + "]}";
        for (int attempt = 0; ; attempt++) {
            String r = sendAnywhere(cluster, random, "/v0/topics/" + QUEUE + "/ack", body);
            if (r.startsWith("200 ")) {
                long done = (Long) JsonValue.at(JsonValue.parse(r.substring(4)), "acked");
                if (attempt == 0 && done != got.size()) {
                    violations.add(worker + " held " + seqs + " and its first ack acked " + done + ": " + r);
                }
                long now = System.currentTimeMillis();
                got.forEach(d -> acked.putIfAbsent(d.seq(), now));
                ackCount.addAndGet(got.size());
                return;
            }
            expected(r, "ack");
            if (stop.get() && attempt > 100) {
                violations.add(worker + " could not ack " + seqs + ": " + r);
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static String sendAnywhere(ClusterProcesses cluster, Random random, String path, String body) {
        List<String> live = new ArrayList<>(cluster.bases().values());
        if (live.isEmpty()) {
            return "0 no node running";
        }
        return ClusterProcesses.send(live.get(random.nextInt(live.size())), "POST", path, body, 5_000, 1_000);
    }

    /** Outcome unknown (no answer) or no leader (503): retried. Anything else is recorded. */
    private void expected(String r, String what) {
        if (!r.startsWith("503 ") && !r.startsWith("0 ")) {
            unexpected.add(what + ": " + r);
        }
    }

    private void verify(long seed) {
        assertTrue(unexpected.isEmpty(), "answers other than 200, 503 or none: " + unexpected + ", seed " + seed);
        assertTrue(violations.isEmpty(), violations + ", seed " + seed);
        Set<Long> lost = new HashSet<>(enqueued);
        lost.removeAll(acked.keySet());
        assertTrue(lost.isEmpty(), "enqueued jobs never acked: " + lost + ", seed " + seed);
        Set<String> ids = new HashSet<>();
        Map<Long, List<Delivery>> bySeq = new HashMap<>();
        for (Delivery d : deliveries) {
            assertTrue(ids.add(d.leaseId()), "lease id " + d.leaseId() + " handed out twice, seed " + seed);
            bySeq.computeIfAbsent(d.seq(), s -> new ArrayList<>()).add(d);
        }
        int redelivered = 0;
        for (List<Delivery> ds : bySeq.values()) {
            ds.sort((x, y) -> Long.compare(x.answeredMs(), y.answeredMs()));
            Long ackedAt = acked.get(ds.get(0).seq());
            for (int i = 0; i < ds.size(); i++) {
                Delivery d = ds.get(i);
                assertFalse(ackedAt != null && d.sentMs() > ackedAt, "job " + d.seq() + " handed out again after an "
                        + "ack of it was acknowledged at " + ackedAt + ": " + ds + ", seed " + seed);
                if (i > 0) {
                    redelivered++;
                    Delivery earlier = ds.get(i - 1);
                    assertFalse(d.sentMs() > earlier.answeredMs() && d.sentMs() < earlier.deadline() - 5_000,
                            "job " + d.seq() + " handed out again while its lease ran: " + ds + ", seed " + seed);
                }
            }
        }
        System.out.printf("ClusterQueueKillIT: %d jobs enqueued and acknowledged, %d acked, %d deliveries, %d of them "
                + "again (claims whose answer was lost, leases expired after it); seed %d%n", enqueued.size(),
                acked.size(), deliveries.size(), redelivered, seed);
        assertTrue(enqueued.size() >= 300, "enough jobs: " + enqueued.size());
    }
}
