package dev.seqlog.bench.redis;

import dev.seqlog.bench.load.LoadGenOptions;
import dev.seqlog.bench.load.LoadGenOptions.Workload;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The side-by-side's command line and the counts it hands both sides. Single-threaded. */
class SideBySideOptionsTest {
    private static final Path TMP = Path.of("tmp");

    @Test
    void defaultsAreTheLoadGeneratorsFullCounts() {
        SideBySideOptions o = SideBySideOptions.parse(new String[0], TMP);
        assertEquals(3, o.rounds());
        assertEquals(EnumSet.allOf(Workload.class), o.workloads());
        assertEquals(1_000_000, o.records());
        assertEquals(Path.of("log-server", "target", "seqlog-server.jar"), o.serverJar());
        assertEquals("redis-server", o.redisServer());
        assertEquals(TMP, o.scratchParent());
        assertFalse(o.quick());
        LoadGenOptions c = o.counts(6379, "disk");
        assertEquals(1_000_000, c.w1Records());
        assertEquals(4, c.w1Producers());
        assertEquals(100, c.w1Batch());
        assertEquals(100, c.payloadBytes());
        assertEquals(1_000, c.w2Warmup());
        assertEquals(10_000, c.w2Records());
        assertEquals(1_000, c.w3Limit());
        assertEquals(10, c.w4Readers());
        assertEquals(4, c.w4Senders());
        assertEquals(5_000, c.w4DurationMs());
        assertEquals(1_000, c.w4IntervalMicros());
        assertEquals(LoadGenOptions.ClientKind.SOCKET, c.client());
        assertEquals(LoadGenOptions.TailMode.LONGPOLL, c.tail());
        assertEquals(LoadGenOptions.TailMode.LONGPOLL, o.warmUpCounts(6379, "disk").tail());
        assertEquals("", o.w4Detail());
    }

    @Test
    void w4ReadersAndTheTailModeReachBothSidesCounts() {
        SideBySideOptions o = SideBySideOptions.parse(new String[] {"--workloads", "W4", "--w4-readers", "10",
            "--tail", "sse"}, TMP);
        assertEquals(10, o.w4Readers());
        assertEquals(LoadGenOptions.TailMode.SSE, o.tail());
        for (LoadGenOptions c : new LoadGenOptions[] {o.counts(1, "disk"), o.warmUpCounts(1, "disk")}) {
            assertEquals(10, c.w4Readers());
            assertEquals(LoadGenOptions.TailMode.SSE, c.tail());
        }
        assertEquals("10 SSE watchers vs 10 XREAD BLOCK readers", o.w4Detail());
        SideBySideOptions hundred = SideBySideOptions.parse(new String[] {"--w4-readers", "100"}, TMP);
        assertEquals(100, hundred.counts(1, "disk").w4Readers());
        assertEquals("100 long-poll readers vs 100 XREAD BLOCK readers", hundred.w4Detail());
        assertThrows(IllegalArgumentException.class, () -> SideBySideOptions.parse(new String[] {"--tail", "poll"},
                TMP));
        assertThrows(IllegalArgumentException.class, () -> SideBySideOptions.parse(new String[] {"--w4-readers",
            "0"}, TMP));
    }

    @Test
    void quickShrinksTheCountsAndExplicitFlagsStillWin() {
        SideBySideOptions o = SideBySideOptions.parse(new String[] {"--records", "8000", "--quick", "--rounds", "1",
                "--workloads", "w1,W4", "--redis-server", "bin/redis-server", "--server-jar", "s.jar"}, TMP);
        assertTrue(o.quick());
        assertEquals(8_000, o.records());
        assertEquals(2_000, o.w2Records());
        assertEquals(2_000, o.w4DurationMs());
        assertEquals(1, o.rounds());
        assertEquals(EnumSet.of(Workload.W1, Workload.W4), o.workloads());
        assertEquals("bin/redis-server", o.redisServer());
        assertEquals(Path.of("s.jar"), o.serverJar());
        assertEquals(50_000, SideBySideOptions.parse(new String[] {"--quick"}, TMP).records());
        assertEquals("fsync", o.counts(1234, "fsync").durability());
    }

    @Test
    void refusesWhatTheWorkloadsCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> SideBySideOptions.parse(new String[] {"--records", "1000"},
                TMP));
        assertThrows(IllegalArgumentException.class, () -> SideBySideOptions.parse(new String[] {"--rounds", "0"},
                TMP));
        assertThrows(IllegalArgumentException.class, () -> SideBySideOptions.parse(new String[] {"--workloads", "W5"},
                TMP));
        assertThrows(IllegalArgumentException.class, () -> SideBySideOptions.parse(new String[] {"--rounds"}, TMP));
        assertThrows(IllegalArgumentException.class, () -> SideBySideOptions.parse(new String[] {"--fast", "1"}, TMP));
    }
}
