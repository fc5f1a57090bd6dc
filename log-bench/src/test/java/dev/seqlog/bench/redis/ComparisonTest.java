package dev.seqlog.bench.redis;

import dev.seqlog.bench.load.LoadGenOptions.Workload;
import dev.seqlog.bench.load.WorkloadResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How samples become table rows: medians, units, verification, CPU sums. Single-threaded. */
class ComparisonTest {

    @Test
    void throughputRowIsTheMedianOverRounds() {
        Comparison c = new Comparison(Workload.W1, Pairing.FSYNC_ALWAYS);
        for (double rps : new double[] {300, 100, 200}) {
            c.add(Side.REDIS, new Sample(WorkloadResult.throughput("W1", List.of(), true, rps), 0.5, 1000));
            c.add(Side.SEQLOG, new Sample(WorkloadResult.throughput("W1", List.of(), true, rps * 2), 0.25, 1000));
        }
        List<Row> rows = c.rows();
        assertEquals(1, rows.size());
        assertEquals("W1 produce rec/s, fsync vs always (median of 3)", rows.get(0).label());
        assertEquals(200, rows.get(0).redis(), 1e-9);
        assertEquals(400, rows.get(0).seqlog(), 1e-9);
        assertEquals(2.0, rows.get(0).ratio(), 1e-9);
        assertTrue(rows.get(0).verified());
        CpuRow cpu = c.cpu();
        assertEquals(1.5, cpu.redisSeconds(), 1e-9);
        assertEquals(0.75, cpu.seqlogSeconds(), 1e-9);
        assertEquals(3000, cpu.records());
    }

    @Test
    void latencyRowsAreP50AndP99InMicrosecondsAndAFailedSideMarksBoth() {
        Histogram fast = new Histogram(3);
        Histogram slow = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            fast.recordValue(100_000);
            slow.recordValue(400_000);
        }
        Comparison c = new Comparison(Workload.W2, Pairing.DISK_EVERYSEC);
        c.add(Side.REDIS, new Sample(WorkloadResult.latency("W2", List.of(), false, 1, slow), 1, 10));
        c.add(Side.SEQLOG, new Sample(WorkloadResult.latency("W2", List.of(), true, 1, fast), 1, 10));
        List<Row> rows = c.rows();
        assertEquals("W2 ack p50 µs, disk vs everysec", rows.get(0).label());
        assertEquals("W2 ack p99 µs, disk vs everysec", rows.get(1).label());
        assertEquals(400, rows.get(0).redis(), 1);
        assertEquals(100, rows.get(0).seqlog(), 1);
        assertEquals(4.0, rows.get(1).ratio(), 0.01);
        assertFalse(rows.get(0).verified());
        assertFalse(c.verified());
    }

    @Test
    void w4LabelsNameReadersThatDifferFromTheDefault() {
        Histogram h = new Histogram(3);
        h.recordValue(1000);
        Comparison c = new Comparison(Workload.W4, Pairing.DISK_EVERYSEC, "10 SSE watchers vs 10 XREAD BLOCK readers");
        c.add(Side.REDIS, new Sample(WorkloadResult.latency("W4", List.of(), true, 1, h), 1, 10));
        c.add(Side.SEQLOG, new Sample(WorkloadResult.latency("W4", List.of(), true, 1, h), 1, 10));
        assertEquals("W4 write→deliver p50 µs, 10 SSE watchers vs 10 XREAD BLOCK readers, disk vs everysec",
                c.rows().get(0).label());
        assertEquals("W4 10 SSE watchers vs 10 XREAD BLOCK readers, disk vs everysec", c.cpu().label());
        Comparison plain = new Comparison(Workload.W4, Pairing.DISK_EVERYSEC);
        plain.add(Side.REDIS, new Sample(WorkloadResult.latency("W4", List.of(), true, 1, h), 1, 10));
        plain.add(Side.SEQLOG, new Sample(WorkloadResult.latency("W4", List.of(), true, 1, h), 1, 10));
        assertEquals("W4 write→deliver p99 µs, disk vs everysec", plain.rows().get(1).label());
        assertEquals("W4 disk vs everysec", plain.cpu().label());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Comparison.median(new double[] {4, 1, 3, 2}), 1e-9);
        assertTrue(Double.isNaN(Comparison.median(new double[0])));
    }

    @Test
    void redisVersionComesFromTheVersionLine() {
        assertEquals("7.0.15", RunHeader.redisVersion("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0"));
        assertEquals("odd", RunHeader.redisVersion("odd"));
    }
}
