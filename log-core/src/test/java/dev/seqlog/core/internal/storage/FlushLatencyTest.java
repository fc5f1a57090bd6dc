package dev.seqlog.core.internal.storage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flush latencies land in the bucket whose upper bound (inclusive) is the first not below them. */
class FlushLatencyTest {
    @Test
    void boundsAreInclusiveAndTheLastBucketTakesTheRest() {
        FlushLatency l = new FlushLatency();
        l.record(50_000);       // 50 us: the first bucket
        l.record(50_999);       // 50.999 us truncates to 50 us
        l.record(51_000);       // 51 us: the second bucket
        l.record(100_000_000);  // 100 ms: the last bounded bucket
        l.record(100_001_000);  // above every bound
        l.record(-5);           // a clock going backwards counts as 0
        long[] counts = new long[12];
        l.addTo(counts);
        assertArrayEquals(new long[] {3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, counts);
        assertEquals(50 + 50 + 51 + 100_000 + 100_001, l.sumUs());
    }
}
