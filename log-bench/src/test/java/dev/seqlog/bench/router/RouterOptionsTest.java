package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The router benchmark's command line. Single-threaded. */
class RouterOptionsTest {
    private static final Path TMP = Path.of("tmp");

    private static RouterOptions parse(String... args) {
        return RouterOptions.parse(List.of(args), TMP);
    }

    @Test
    void defaultsAreTheIssuesPoints() {
        RouterOptions o = parse();
        assertEquals(List.of(Durability.DISK, Durability.FSYNC), o.classes());
        assertEquals(List.of(1, 16), o.fanouts());
        assertEquals(List.of(1), o.batches());
        assertEquals(200_000, o.records());
        assertEquals(50_000, o.warmupRecords());
        assertEquals(64, o.window());
        assertEquals(3, o.rounds());
        assertEquals(20_000, o.latencySamples());
        assertEquals(5_000, o.warmupSamples());
        assertEquals(2_000, o.rate());
        assertEquals(TMP, o.scratchParent());
        assertFalse(o.quick());
    }

    @Test
    void quickShrinksTheCountsUnlessTheyAreGiven() {
        RouterOptions q = parse("--quick");
        assertTrue(q.quick());
        assertEquals(2_000, q.records());
        assertEquals(200, q.latencySamples());
        assertEquals(1, q.rounds());
        RouterOptions given = parse("--quick", "--records", "5_000", "--rounds", "2", "--latency-samples", "3",
                "--classes", "fsync", "--fanout", "16,1,16", "--batch", "1,16", "--window", "8", "--rate", "500",
                "--dir", "/x");
        assertEquals(5_000, given.records());
        assertEquals(2, given.rounds());
        assertEquals(3, given.latencySamples());
        assertEquals(1, given.warmupSamples());
        assertEquals(List.of(Durability.FSYNC), given.classes());
        assertEquals(List.of(16, 1), given.fanouts());
        assertEquals(List.of(1, 16), given.batches());
        assertEquals(8, given.window());
        assertEquals(500, given.rate());
        assertEquals(Path.of("/x"), given.scratchParent());
    }

    @Test
    void badInputIsRefusedWithTheFlagNamed() {
        assertMessage("--classes", "--classes", "memory");
        assertMessage("--fanout", "--fanout", "0");
        assertMessage("--fanout", "--fanout", "1,,16");
        assertMessage("--batch", "--batch", "10001");
        assertMessage("--records", "--records", "many");
        assertMessage("--rate", "--rate");
        assertMessage("--nope", "--nope", "1");
    }

    private static void assertMessage(String inMessage, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
    }
}
