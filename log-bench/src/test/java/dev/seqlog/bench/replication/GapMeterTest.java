package dev.seqlog.bench.replication;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The longest time between acknowledgements, on a hand-moved clock. Single-threaded. */
class GapMeterTest {
    @Test
    void theGapAcrossAMarkCountsFromTheLastAcknowledgementBeforeIt() {
        AtomicLong now = new AtomicLong(1_000);
        GapMeter m = new GapMeter(now::get);
        now.set(1_500);
        m.ack();
        now.set(1_600);
        m.ack();
        assertEquals(2, m.acks());
        assertEquals(500, m.longestSinceMark());

        now.set(1_700);
        m.mark(); // the stop: the open gap began at 1,600
        assertEquals(100, m.longestSinceMark());
        now.set(4_600);
        assertEquals(3_000, m.longestSinceMark(), "a gap still open counts up to now");
        m.ack();
        now.set(4_700);
        m.ack();
        assertEquals(3_000, m.longestSinceMark());

        m.mark();
        now.set(4_750);
        m.ack();
        assertEquals(50, m.longestSinceMark(), "the gaps before the mark are forgotten");
        assertEquals(5, m.acks());
    }
}
