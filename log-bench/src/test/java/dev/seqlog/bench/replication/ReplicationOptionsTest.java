package dev.seqlog.bench.replication;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replication benchmark's command line. Single-threaded. */
class ReplicationOptionsTest {
    private static final Path TMP = Path.of("tmp");

    private static ReplicationOptions parse(String... args) {
        return ReplicationOptions.parse(List.of(args), TMP);
    }

    @Test
    void defaultsAreTheIssuesPoints() {
        ReplicationOptions o = parse();
        assertEquals(List.of(Section.THROUGHPUT, Section.FAILOVER), o.sections());
        assertEquals(List.of(1, 16, 64), o.producers());
        assertEquals(1024, o.recordBytes());
        assertEquals(15, o.seconds());
        assertEquals(20, o.warmupSeconds());
        assertEquals(Through.LEADER, o.through());
        assertEquals(20, o.kills());
        assertEquals(300, o.electionTimeoutMs());
        assertEquals(TMP, o.scratchParent());
        assertTrue(o.fullLength());
    }

    @Test
    void everyFlagIsRead() {
        ReplicationOptions o = parse("--sections", "failover,THROUGHPUT,failover", "--producers", "4,1",
                "--record-bytes", "100", "--seconds", "2", "--warmup-seconds", "1", "--through", "any", "--kills", "2",
                "--election-timeout-ms", "1000", "--dir", "/x");
        assertEquals(List.of(Section.FAILOVER, Section.THROUGHPUT), o.sections());
        assertEquals(List.of(4, 1), o.producers());
        assertEquals(100, o.recordBytes());
        assertEquals(2, o.seconds());
        assertEquals(1, o.warmupSeconds());
        assertEquals(Through.ANY, o.through());
        assertEquals(2, o.kills());
        assertEquals(1000, o.electionTimeoutMs());
        assertEquals(Path.of("/x"), o.scratchParent());
        assertFalse(o.fullLength());
    }

    @Test
    void badInputIsRefusedWithTheFlagNamed() {
        assertMessage("--sections", "--sections", "reads");
        assertMessage("--producers", "--producers", "0");
        assertMessage("--producers", "--producers", "1,,16");
        assertMessage("--record-bytes", "--record-bytes", "10");
        assertMessage("--through", "--through", "follower");
        assertMessage("--election-timeout-ms", "--election-timeout-ms", "10");
        assertMessage("--kills", "--kills");
        assertMessage("--nope", "--nope", "1");
    }

    private static void assertMessage(String inMessage, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
    }
}
