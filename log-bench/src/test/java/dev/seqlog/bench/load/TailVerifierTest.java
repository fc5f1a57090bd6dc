package dev.seqlog.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** W4's per-reader checks on the Redis side. Single-threaded. */
class TailVerifierTest {

    @Test
    void everyEntryOnceInLogOrderIsComplete() {
        TailVerifier v = new TailVerifier(3);
        // senders interleave, so the log order of indexes need not be 0, 1, 2
        v.delivered(id(1000, 0), 1, 100, 400);
        v.delivered(id(1000, 1), 0, 200, 400);
        assertFalse(v.sawAll());
        v.delivered(id(1001, 0), 2, 300, 900);
        assertTrue(v.sawAll());
        assertTrue(v.complete());
        assertEquals(0, v.missing());
        assertEquals(3, v.latency().getTotalCount());
        assertEquals(600, v.latency().getMaxValue(), 1);
    }

    @Test
    void aRedeliveredEntryIsADuplicateAndOutOfOrder() {
        TailVerifier v = new TailVerifier(2);
        v.delivered(id(5, 0), 0, 1, 2);
        v.delivered(id(5, 1), 1, 1, 2);
        v.delivered(id(5, 1), 1, 1, 2);
        assertTrue(v.sawAll());
        assertFalse(v.complete());
        assertEquals(1, v.duplicates());
        assertEquals(1, v.outOfOrder());
    }

    @Test
    void anIdBelowTheLastIsOutOfOrderEvenForANewIndex() {
        TailVerifier v = new TailVerifier(2);
        v.delivered(id(9, 0), 0, 1, 2);
        v.delivered(id(8, 5), 1, 1, 2);
        assertFalse(v.complete());
        assertEquals(0, v.duplicates());
        assertEquals(1, v.outOfOrder());
    }

    @Test
    void missingAndMalformedEntriesFailTheReader() {
        TailVerifier v = new TailVerifier(3);
        v.delivered(id(1, 0), 0, 1, 2);
        v.delivered(id(1, 1), 7, 1, 2); // index out of range
        v.delivered(id(1, 2), 1, -1, 2); // no send time
        assertEquals(2, v.missing());
        assertEquals(2, v.malformed());
        assertEquals(1, v.latency().getTotalCount());
        assertFalse(v.complete());
    }

    @Test
    void aClockReadingBeforeTheSendCountsAsZeroLatency() {
        TailVerifier v = new TailVerifier(1);
        v.delivered(id(1, 0), 0, 500, 400);
        assertEquals(0, v.latency().getMaxValue());
        assertTrue(v.complete());
    }

    /** A position in the log, growing like a Redis stream id (milliseconds, then a counter). */
    private static long id(long ms, long counter) {
        return ms * 1_000_000 + counter;
    }
}
