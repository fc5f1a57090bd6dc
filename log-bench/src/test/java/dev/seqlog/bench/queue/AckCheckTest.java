package dev.seqlog.bench.queue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exactly-once check of a claim → ack run. Single-threaded. */
class AckCheckTest {
    private static final long[] ADDED = {10, 20, 30, 40};

    private static QueueTarget.Leftover left(long remaining, long inFlight, String... problems) {
        return new QueueTarget.Leftover(remaining, inFlight, List.of(problems));
    }

    @Test
    void everyJobOnceAndNothingLeftVerifies() {
        AckCheck c = AckCheck.of(ADDED, new long[] {30, 10, 40, 20}, 0, left(0, 0), true);
        assertTrue(c.ok(), c.line());
        assertEquals(4, c.acked());
        assertEquals(4, c.distinct());
        assertTrue(c.line().endsWith("(drained) -> OK"), c.line());
    }

    @Test
    void aTimeBudgetRunVerifiesWhenTheServerHoldsTheRest() {
        AckCheck c = AckCheck.of(ADDED, new long[] {10, 20}, 0, left(2, 0), false);
        assertTrue(c.ok(), c.line());
        assertFalse(AckCheck.of(ADDED, new long[] {10, 20}, 0, left(1, 0), false).ok());
    }

    @Test
    void aDuplicateFails() {
        AckCheck c = AckCheck.of(ADDED, new long[] {10, 20, 20, 30, 40}, 0, left(0, 0), true);
        assertFalse(c.ok());
        assertEquals(1, c.duplicates());
        assertEquals(4, c.distinct());
        assertTrue(c.line().contains("1 jobs acked more than once"), c.line());
    }

    @Test
    void aKeyNeverAddedFails() {
        AckCheck c = AckCheck.of(ADDED, new long[] {10, 20, 30, 40, 50}, 0, left(0, 0), true);
        assertFalse(c.ok());
        assertEquals(1, c.unexpected());
    }

    @Test
    void aShortAckFails() {
        assertFalse(AckCheck.of(ADDED, ADDED, 1, left(0, 0), true).ok());
    }

    @Test
    void jobsStillHandedOutFail() {
        assertFalse(AckCheck.of(ADDED, new long[] {10, 20}, 0, left(2, 1), false).ok());
    }

    @Test
    void aDrainedQueueWithJobsLeftFails() {
        AckCheck c = AckCheck.of(ADDED, new long[] {10, 20, 30}, 0, left(1, 0), true);
        assertFalse(c.ok());
        assertTrue(c.line().contains("found the queue empty"), c.line());
    }

    @Test
    void theServersOwnProblemsFail() {
        AckCheck c = AckCheck.of(ADDED, ADDED, 0, left(0, 0, "XLEN 3, expected 0"), true);
        assertFalse(c.ok());
        assertTrue(c.line().contains("XLEN 3, expected 0"), c.line());
    }
}
