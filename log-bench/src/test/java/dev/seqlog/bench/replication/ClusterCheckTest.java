package dev.seqlog.bench.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.core.SeqlogEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-of-run check fails loudly on every kind of damage it looks for; in-memory engines stand for nodes. */
class ClusterCheckTest {
    private static final String TOPIC = "t";
    private static final int BYTES = 64;

    private final SeqlogEngine a = SeqlogEngine.inMemory();
    private final SeqlogEngine b = SeqlogEngine.inMemory();

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static long write(SeqlogEngine e, String key, int bytes) {
        return e.append(TOPIC, AppendRequest.of(RecordInput.json(RecordKeys.record(key, bytes)))).firstSeq();
    }

    private static Map<String, SeqlogEngine> nodes(SeqlogEngine... engines) {
        Map<String, SeqlogEngine> m = new LinkedHashMap<>();
        for (int i = 0; i < engines.length; i++) {
            m.put("n" + (i + 1), engines[i]);
        }
        return m;
    }

    @Test
    void identicalNodesWithEveryAcknowledgedWriteAtItsSeqVerify() {
        Map<String, Long> acked = new HashMap<>();
        for (int i = 0; i < 2_500; i++) { // more than two pages
            String key = RecordKeys.key(i % 4, i);
            long seq = write(a, key, BYTES);
            if (i % 10 != 0) {
                acked.put(key, seq); // the rest stand for writes given up unacknowledged
            }
        }
        CheckResult r = ClusterCheck.check(nodes(a, a, a), TOPIC, BYTES, acked);
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(3, r.nodes());
        assertEquals(2_500, r.records());
        assertEquals(acked.size(), r.ackedFound());
    }

    @Test
    void aNodeThatDiffersFails() {
        write(a, "w0-0", BYTES);
        write(a, "w0-1", BYTES);
        write(b, "w0-0", BYTES);
        CheckResult r = ClusterCheck.check(nodes(a, b), TOPIC, BYTES, Map.of());
        assertFalse(r.ok());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("n2 ")), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("n2 has head 1")), r.problems().toString());
    }

    @Test
    void anAcknowledgedWriteElsewhereOrMissingFails() {
        write(a, "w0-0", BYTES);
        write(a, "w1-0", BYTES);
        CheckResult r = ClusterCheck.check(nodes(a), TOPIC, BYTES, Map.of("w0-0", 2L, "w1-0", 2L, "w2-0", 3L));
        assertFalse(r.ok());
        assertEquals(1, r.ackedFound());
        assertTrue(r.problems().contains("key w0-0 was acknowledged at seq 2 but is at seq 1"), r.problems().toString());
        assertTrue(r.problems().contains("2 of 3 acknowledged writes are not at their seq"), r.problems().toString());
    }

    @Test
    void aKeyWrittenTwiceOrWrongBytesFail() {
        write(a, "w0-0", BYTES);
        write(a, "w0-0", BYTES);
        write(a, "w0-1", BYTES - 1);
        CheckResult r = ClusterCheck.check(nodes(a), TOPIC, BYTES, Map.of());
        assertEquals(2, r.problemCount(), r.problems().toString());
        assertTrue(r.problems().contains("key w0-0 is in the log twice, again at seq 2"), r.problems().toString());
        assertTrue(r.problems().contains("seq 3 (key w0-1) does not hold the bytes written"), r.problems().toString());
    }
}
