package dev.seqlog.bench.queue;

import dev.seqlog.api.Durability;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue benchmarks' shared command line. Single-threaded. */
class QueueOptionsTest {
    private static final Path TMP = Path.of("tmp");

    private static QueueOptions parse(String... args) {
        return QueueOptions.parse(List.of(args), TMP);
    }

    @Test
    void defaultsAreTheIssuesPoints() {
        QueueOptions o = parse();
        assertEquals(List.of(1, 4, 16), o.workers());
        assertEquals(List.of(1), o.batches());
        assertEquals(List.of(Durability.DISK, Durability.FSYNC), o.classes());
        assertEquals(List.of(false), o.leasesDurable());
        assertEquals(200_000, o.jobs());
        assertEquals(100, o.payloadBytes());
        assertEquals(10_000, o.measureMs());
        assertEquals(50_000, o.warmupJobs());
        assertEquals(5_000, o.warmupMs());
        assertEquals(TMP, o.scratchParent());
        assertFalse(o.quick());
    }

    @Test
    void listsKeepTheirOrderAndDropRepeats() {
        QueueOptions o = parse("--workers", "16,1,16", "--batch", "10,1", "--classes", "fsync", "--leases-durable",
                "on,off,on");
        assertEquals(List.of(16, 1), o.workers());
        assertEquals(List.of(10, 1), o.batches());
        assertEquals(List.of(Durability.FSYNC), o.classes());
        assertEquals(List.of(true, false), o.leasesDurable());
    }

    @Test
    void quickShrinksTheCountsUnlessTheyAreGiven() {
        QueueOptions q = parse("--quick");
        assertTrue(q.quick());
        assertEquals(2_000, q.jobs());
        assertEquals(500, q.warmupJobs());
        assertEquals(1_000, q.measureMs());
        assertEquals(300, q.warmupMs());
        QueueOptions given = parse("--quick", "--jobs", "5_000", "--seconds", "2.5", "--warmup-seconds", "0.1",
                "--warmup-jobs", "50", "--payload", "2", "--dir", "/x");
        assertEquals(5_000, given.jobs());
        assertEquals(2_500, given.measureMs());
        assertEquals(100, given.warmupMs());
        assertEquals(50, given.warmupJobs());
        assertEquals(2, given.payloadBytes());
        assertEquals(Path.of("/x"), given.scratchParent());
    }

    @Test
    void badInputIsRefusedWithTheFlagNamed() {
        assertMessage("--workers", "--workers", "0");
        assertMessage("--workers", "--workers", "1,,4");
        assertMessage("--batch", "--batch", "1001");
        assertMessage("--classes", "--classes", "memory");
        assertMessage("--leases-durable", "--leases-durable", "maybe");
        assertMessage("--payload", "--payload", "1");
        assertMessage("--seconds", "--seconds", "0");
        assertMessage("--seconds", "--seconds", "soon");
        assertMessage("--jobs", "--jobs");
        assertMessage("--nope", "--nope", "1");
    }

    @Test
    void labels() {
        assertEquals("fsync", QueueOptions.className(Durability.FSYNC));
        assertEquals("leases on", QueueOptions.leasesLabel(true));
        assertEquals("leases off", QueueOptions.leasesLabel(false));
    }

    private static void assertMessage(String inMessage, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
    }
}
