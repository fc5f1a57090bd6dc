package dev.seqlog.server.http;

import dev.seqlog.server.UrlClient;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 of the real server under load (STORAGE-GUARANTEES §13): writers append fsync-class batches over
 * HTTP; the server process is killed with SIGKILL after a random number of acknowledgements, restarted
 * on the same data directory, and every acknowledged record must be readable over HTTP at its seq with
 * its content, and no acknowledged seq reused.
 */
class ServerKillIT {
    private static final int ROUNDS = 8;
    private static final int WRITERS = 3;

    /** An acknowledged batch. */
    private record Ack(String topic, long first, long last, String tag) {
    }

    @Test
    void acknowledgedRecordsSurviveKillNineOfTheServer(TestDir dir) throws Exception {
        String jar = KilledServer.jar();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Ack> acked = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            Process p = KilledServer.start(jar, dir, round);
            try {
                String base = KilledServer.base(dir, round);
                if (round == 1) {
                    for (int w = 0; w < WRITERS; w++) {
                        assertTrue(UrlClient.send(base, "PUT", "/v0/topics/k" + w, "{\"durability\":\"fsync\"}").startsWith("201"));
                    }
                }
                verify(base, acked, seed, round);
                ConcurrentLinkedQueue<Ack> fresh = new ConcurrentLinkedQueue<>();
                int killAfter = 1 + random.nextInt(60);
                AtomicInteger count = new AtomicInteger();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String topic = "k" + w;
                    String prefix = "r" + round + "w" + w;
                    Thread t = new Thread(() -> write(base, topic, prefix, fresh, count), "writer-" + w);
                    writers.add(t);
                    t.start();
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> count.get() >= killAfter);
                p.destroyForcibly(); // SIGKILL
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                for (Thread t : writers) {
                    t.join(30_000);
                }
                long maxBefore = acked.stream().mapToLong(Ack::last).max().orElse(0);
                for (Ack a : fresh) {
                    long prevMax = acked.stream().filter(x -> x.topic.equals(a.topic)).mapToLong(Ack::last).max()
                            .orElse(0);
                    assertTrue(a.first > prevMax || maxBefore == 0, "seq reused: " + a + " seed=" + seed);
                }
                acked.addAll(fresh);
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Process p = KilledServer.start(jar, dir, ROUNDS + 1);
        try {
            verify(KilledServer.base(dir, ROUNDS + 1), acked, seed, ROUNDS + 1);
            assertTrue(acked.size() >= ROUNDS, "too few acknowledgements to mean anything: " + acked.size());
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Appends batches until the server dies; records each acknowledged batch. */
    private static void write(String base, String topic, String prefix, ConcurrentLinkedQueue<Ack> out,
                              AtomicInteger count) {
        for (int b = 0; ; b++) {
            int n = 1 + b % 4;
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < n; i++) {
                body.append(i == 0 ? "" : ",").append("{\"data\":\"").append(prefix).append('-').append(b).append('-')
                        .append(i).append("\"}");
            }
            String resp;
            try {
                resp = UrlClient.send(base, "POST", "/v0/topics/" + topic + "?return_seqs=false", body.append("]}").toString());
            } catch (IOException serverGone) {
                return;
            }
            if (!resp.startsWith("200")) {
                return;
            }
            Object json = JsonValue.parse(resp.substring(4));
            out.add(new Ack(topic, (Long) JsonValue.at(json, "first_seq"), (Long) JsonValue.at(json, "last_seq"),
                    prefix + "-" + b));
            count.incrementAndGet();
        }
    }

    private static void verify(String base, List<Ack> acked, long seed, int round) throws IOException {
        Map<String, Map<Long, Object>> bySeq = new HashMap<>();
        for (int w = 0; w < WRITERS; w++) {
            String topic = "k" + w;
            Map<Long, Object> recs = new HashMap<>();
            long cursor = 0;
            while (true) {
                String resp = UrlClient.send(base, "POST", "/v0/topics/" + topic + "/diff",
                        "{\"from_seq\":" + cursor + ",\"limit\":1000}");
                assertTrue(resp.startsWith("200"), resp);
                Object json = JsonValue.parse(resp.substring(4));
                for (Object r : (List<?>) JsonValue.at(json, "records")) {
                    recs.put((Long) JsonValue.at(r, "$seq"), JsonValue.at(r, "data"));
                }
                if (Boolean.TRUE.equals(JsonValue.at(json, "caught_up"))) {
                    break;
                }
                cursor = (Long) JsonValue.at(json, "next_from_seq");
            }
            bySeq.put(topic, recs);
        }
        for (Ack a : acked) {
            for (long s = a.first; s <= a.last; s++) {
                Object data = bySeq.get(a.topic).get(s);
                if (data == null) {
                    fail("acknowledged record lost: " + a.topic + " seq " + s + " before round " + round + " seed " + seed);
                }
                assertEquals(a.tag + "-" + (s - a.first), data, a.topic + " seq " + s + " seed " + seed);
            }
        }
    }
}
