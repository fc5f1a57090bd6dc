package dev.seqlog.bench.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The side-by-side's tables: ratio orientation, number formats, failure marks. Single-threaded. */
class ResultTableTest {

    @Test
    void ratioIsAboveOneWhenSeqlogDoesBetterWhateverTheUnit() {
        assertEquals(2.0, new Row("rate", 100_000, 200_000, true, true).ratio(), 1e-9);
        assertEquals(0.5, new Row("rate", 200_000, 100_000, true, true).ratio(), 1e-9);
        assertEquals(2.0, new Row("latency", 400, 200, false, true).ratio(), 1e-9);
        assertEquals(0.5, new Row("latency", 200, 400, false, true).ratio(), 1e-9);
        assertEquals(4.0, new CpuRow("cpu", 2.0, 0.5, 1000).ratio(), 1e-9);
    }

    @Test
    void rendersTheMarkdownTableWithGroupedNumbersAndMarksUnverifiedRows() {
        List<String> t = ResultTable.render("Redis 7", List.of(
                new Row("W1 produce rec/s, disk vs everysec (median of 3)", 225_002.4, 65_994.0, true, true),
                new Row("W2 ack p50 µs, disk vs everysec", 84.99, 281.2, false, true),
                new Row("W4 write→deliver p99 µs, disk vs everysec", 4_215, 0, false, false)));
        assertEquals(List.of(
                "| workload | Redis 7 | seqlog | ratio |",
                "|---|---:|---:|---:|",
                "| W1 produce rec/s, disk vs everysec (median of 3) | 225,002 | 65,994 | 0.29 |",
                "| W2 ack p50 µs, disk vs everysec | 85.0 | 281 | 0.30 |",
                "| W4 write→deliver p99 µs, disk vs everysec | 4,215 | 0.00 | n/a (unverified) |"), t);
    }

    @Test
    void rendersCpuPerRecordInMicroseconds() {
        List<String> t = ResultTable.renderCpu("Redis 7", List.of(new CpuRow("W1 disk vs everysec", 0.41, 3.86,
                150_000)));
        assertEquals("| workload | records | Redis 7 CPU s | seqlog CPU s | Redis 7 CPU µs/record | seqlog CPU µs/record "
                + "| ratio |", t.get(0));
        assertEquals("| W1 disk vs everysec | 150,000 | 0.41 | 3.86 | 2.73 | 25.7 | 0.11 |", t.get(2));
    }

    @Test
    void numbersWithoutAFigureReadNotAvailable() {
        assertEquals("n/a", ResultTable.number(Double.NaN));
        assertEquals("n/a", ResultTable.ratio(Double.POSITIVE_INFINITY));
        assertEquals("9.50", ResultTable.number(9.5));
        assertEquals("1,234,568", ResultTable.number(1_234_567.8));
    }
}
