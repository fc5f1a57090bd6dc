package dev.seqlog.core.durability;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real process kills (STORAGE-GUARANTEES §13; invariants 52, 56): a child JVM writes fsync-class batches
 * from several threads and is killed with SIGKILL at random moments; after each kill the data directory
 * is recovered and every acknowledged record must be present with identical content, and no seq handed
 * out after a restart may reuse an acknowledged one.
 */
class SigkillTest {
    private static final int ROUNDS = Integer.getInteger("seqlog.sigkill.rounds", 20);
    private static final int WRITERS = 3;

    /** An acknowledged batch. */
    private record Ack(long first, long last, String tag) {
    }

    @Test
    void acknowledgedFsyncRecordsSurviveKillNine(TestDir dir) throws Exception {
        long seed = Long.getLong("seqlog.sigkill.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, TreeMap<Long, Ack>> acked = new HashMap<>();
        int[] checkpoints = {0};
        for (int round = 1; round <= ROUNDS; round++) {
            int waitForAcks = 1 + random.nextInt(300);
            Map<String, Long> headBefore = new HashMap<>();
            acked.forEach((t, m) -> headBefore.put(t, m.isEmpty() ? 0 : m.lastEntry().getValue().last));
            List<Ack> fresh = new ArrayList<>();
            Map<Ack, String> topicOf = new HashMap<>();
            runAndKill(dir, round, waitForAcks, fresh, topicOf, checkpoints);
            for (Ack a : fresh) {
                String topic = topicOf.get(a);
                assertTrue(a.first > headBefore.getOrDefault(topic, 0L),
                        "seq reused after restart: " + topic + " " + a + " seed=" + seed);
                acked.computeIfAbsent(topic, k -> new TreeMap<>()).put(a.first, a);
            }
            verify(dir, acked, seed, round);
        }
        assertTrue(checkpoints[0] > 0, "checkpoints completed while writing: " + checkpoints[0]);
    }

    private static void runAndKill(TestDir dir, int round, int waitForAcks, List<Ack> fresh, Map<Ack, String> topicOf,
                                   int[] checkpoints) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillTarget.class.getName(), dir.path().toString(), String.valueOf(WRITERS), String.valueOf(round))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("CHECKPOINT ")) {
                    checkpoints[0]++;
                }
                if (line.startsWith("ACK ")) {
                    record(line, fresh, topicOf);
                    if (++seen == waitForAcks) {
                        p.toHandle().destroyForcibly(); // SIGKILL on Linux; keeps our end of the pipe open
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                fail("child did not die");
            }
        }
    }

    private static void record(String line, List<Ack> fresh, Map<Ack, String> topicOf) {
        String[] f = line.split(" ");
        if (f.length != 5) {
            return; // a line cut by the kill was never a complete acknowledgement report
        }
        Ack a = new Ack(Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]);
        fresh.add(a);
        topicOf.put(a, f[1]);
    }

    private static void verify(TestDir dir, Map<String, TreeMap<Long, Ack>> acked, long seed, int round) {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).walShards(2)
                .walFileBytes(1 << 20).backgroundExpiry(false).build())) {
            for (Map.Entry<String, TreeMap<Long, Ack>> e : acked.entrySet()) {
                Map<Long, TopicRecord> bySeq = new HashMap<>();
                long cursor = 0;
                while (true) {
                    DiffResult r = log.diff(e.getKey(), DiffRequest.from(cursor).withLimit(1000));
                    r.records().forEach(rec -> bySeq.put(rec.seq(), rec));
                    if (r.caughtUp()) {
                        break;
                    }
                    cursor = r.nextFromSeq();
                }
                for (Ack a : e.getValue().values()) {
                    for (long s = a.first; s <= a.last; s++) {
                        TopicRecord rec = bySeq.get(s);
                        String where = e.getKey() + " seq " + s + " round " + round + " seed " + seed;
                        if (rec == null) {
                            fail("acknowledged record lost: " + where);
                        }
                        assertEquals(KillTarget.payload(a.tag, (int) (s - a.first)), rec.dataString(), where);
                    }
                }
            }
        }
    }
}
