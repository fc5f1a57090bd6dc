package dev.seqlog.bench.load;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.queue.QueueMeasurement;
import dev.seqlog.bench.queue.QueueOptions;
import dev.seqlog.bench.queue.QueueOutcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP side of the queue benchmark: its reading of the API §10 and §2.2 responses (the spec's own
 * examples), and a whole measurement against a stand-in server. Single-threaded apart from the workers.
 */
class HttpQueueTest {
    /** API §10.3's example response. */
    private static final String CLAIM = """
            {
              "topic": "jobs",
              "claimed": [
                { "$seq": 480101, "lease_id": "lease_7f3a9c0d12e4b5a6", "deadline": 1748450039000,
                  "$ts": 1748450001000, "$tag": "tenant42:job-8800", "deliveries": 1,
                  "data": { "type": "resize", "url": "s3://b/x.png" }, "meta": { "trace": "z9" } },
                { "$seq": 480104, "lease_id": "lease_0c1d2e3f4a5b6c7d", "deadline": 1748450039000,
                  "$ts": 1748450001050, "deliveries": 2,
                  "data": { "type": "thumbnail", "url": "s3://b/y.png" } }
              ],
              "count": 2,
              "ready": 840,
              "performance": { "server_total_ms": 0.42, "throttle_wait_ms": 0.0 }
            }""";

    /** API §10.5's example response. */
    private static final String ACK = """
            { "topic": "jobs", "acked": 2, "skipped": [],
              "ready": 840, "in_flight": 286,
              "performance": { "server_total_ms": 0.30, "fsync_ms": 0.21 } }""";

    /** API §2.2's example of a queue topic's state. */
    private static final String STATE = """
            {
              "topic": "jobs", "type": "queue",
              "head_seq": 480231, "earliest_seq": 479101, "next_seq": 480232,
              "count": 1130, "bytes": 2310912,
              "config": { "type": "queue", "lease_ms": 30000, "...": "..." },
              "queue": { "ready": 842, "in_flight": 288, "dead_lettered": 4 },
              "effective_priority": 500,
              "last_write_ts": 1748450000123, "last_read_ts": 1748450009000,
              "performance": { "server_total_ms": 0.06 }
            }""";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClaimResponseYieldsItsSeqsInOrder() throws Exception {
        long[] seqs = new long[16];
        assertEquals(2, HttpQueueClient.parseClaim(b(CLAIM), b(CLAIM).length, seqs));
        assertArrayEquals(new long[] {480101, 480104}, Arrays.copyOf(seqs, 2));
        String empty = "{\"topic\":\"jobs\",\"claimed\":[],\"count\":0,\"ready\":0}";
        assertEquals(0, HttpQueueClient.parseClaim(b(empty), b(empty).length, seqs));
    }

    @Test
    void aClaimResponseThatDisagreesWithItselfOrTheAskIsRefused() {
        String countOff = CLAIM.replace("\"count\": 2", "\"count\": 3");
        assertThrows(LoadGenException.class, () -> HttpQueueClient.parseClaim(b(countOff), b(countOff).length,
                new long[16]));
        assertThrows(LoadGenException.class, () -> HttpQueueClient.parseClaim(b(CLAIM), b(CLAIM).length,
                new long[1]));
        String noClaimed = "{\"topic\":\"jobs\",\"count\":0}";
        assertThrows(LoadGenException.class, () -> HttpQueueClient.parseClaim(b(noClaimed), b(noClaimed).length,
                new long[16]));
        String noSeq = "{\"claimed\":[{\"lease_id\":\"lease_00\"}],\"count\":1}";
        assertThrows(LoadGenException.class, () -> HttpQueueClient.parseClaim(b(noSeq), b(noSeq).length,
                new long[16]));
    }

    @Test
    void anAckResponseYieldsItsAckedCount() throws Exception {
        assertEquals(2, HttpQueueClient.parseAcked(b(ACK), b(ACK).length));
        String none = "{\"topic\":\"jobs\",\"skipped\":[1]}";
        assertThrows(LoadGenException.class, () -> HttpQueueClient.parseAcked(b(none), b(none).length));
    }

    @Test
    void aTopicStateYieldsTheQueueCounters() throws Exception {
        HttpQueueTarget.State s = HttpQueueTarget.parseState(b(STATE), b(STATE).length);
        assertEquals(new HttpQueueTarget.State("queue", 1130, 842, 288), s);
        String log = "{\"topic\":\"t\",\"type\":\"log\",\"count\":3}";
        assertEquals(new HttpQueueTarget.State("log", 3, -1, -1), HttpQueueTarget.parseState(b(log), b(log).length));
    }

    @Test
    void aWholeMeasurementAgainstAStandInServerVerifies() throws Exception {
        QueueOptions opt = QueueOptions.parse(List.of("--jobs", "600", "--warmup-jobs", "40", "--seconds", "60",
                "--warmup-seconds", "60"), Path.of("unused"));
        try (FakeQueueServer server = new FakeQueueServer(true);
             HttpQueueTarget target = new HttpQueueTarget("127.0.0.1", server.port(), Durability.FSYNC, true)) {
            QueueOutcome o = QueueMeasurement.run(target, target.describe(), opt, 3, 7,
                    QueueMeasurement.CpuMeter.NONE);
            assertTrue(o.verified(), String.join("\n", o.summary()));
            assertEquals(600, o.completed());
            assertTrue(o.check().drained());
            assertEquals("seqlog HTTP fsync, leases on", o.who());
            synchronized (server) {
                assertEquals(List.of("{\"type\":\"queue\",\"durability\":\"fsync\",\"leases_durable\":true}",
                        "{\"type\":\"queue\",\"durability\":\"fsync\",\"leases_durable\":true}"), server.puts);
            }
        }
    }

    @Test
    void aServerWithoutTheQueueEndpointsIsNamedAsSuch() throws Exception {
        QueueOptions opt = QueueOptions.parse(List.of("--jobs", "10", "--warmup-jobs", "10"), Path.of("unused"));
        try (FakeQueueServer server = new FakeQueueServer(false);
             HttpQueueTarget target = new HttpQueueTarget("127.0.0.1", server.port(), Durability.DISK, false)) {
            LoadGenException e = assertThrows(LoadGenException.class, () -> QueueMeasurement.run(target, "x", opt,
                    1, 1, QueueMeasurement.CpuMeter.NONE));
            assertTrue(e.getMessage().contains("-> 404") && e.getMessage().contains("queue endpoints"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("topic_not_found"));
        }
    }
}
