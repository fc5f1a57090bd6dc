package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark end to end in its smoke mode, on real data directories: every point of the defaults, each
 * verified to lose and duplicate nothing. Single-threaded apart from the engine's.
 */
class RouterBenchSmokeTest {

    @Test
    void quickRunMeasuresEveryDefaultPointAndVerifies(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RouterBench.Report report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = RouterBench.run(RouterOptions.parse(List.of("--quick"), dir), "RouterBench --quick", out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(report.verified(), text);
        assertTrue(text.contains("ALL VERIFIED"), text);
        assertTrue(text.contains("SMOKE RUN (--quick), not a measurement"), text);
        assertTrue(text.contains("command: RouterBench --quick"), text);
        assertEquals(4, report.throughput().size());
        assertEquals(4, report.latency().size());
        ThroughputPoint wide = report.throughput().get(1);
        assertEquals(Durability.DISK, wide.durability());
        assertEquals(16, wide.fanout());
        for (Side side : Side.values()) {
            ThroughputResult run = wide.runs(side).get(0);
            assertEquals(2_000, run.records());
            assertTrue(run.rate() > 0 && run.visibleNanos() >= run.ackNanos(), run.line());
        }
        assertEquals(16 * wide.forwardingRate(), wide.allCopiesRate(), 1e-6 * wide.allCopiesRate());
        LatencyPoint lat = report.latency().get(3);
        assertEquals(Durability.FSYNC, lat.durability());
        assertEquals(200, lat.runs(Side.FORWARDING).get(0).visible().getTotalCount());
        assertTrue(lat.micros(Side.FORWARDING, 99) >= lat.micros(Side.FORWARDING, 50));
        assertTrue(empty(dir), "the data directories are deleted");
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
