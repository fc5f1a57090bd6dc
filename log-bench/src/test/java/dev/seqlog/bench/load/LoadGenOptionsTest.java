package dev.seqlog.bench.load;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument parsing of the load generator; single-threaded, no network traffic. */
class LoadGenOptionsTest {

    @Test
    void parsesTheDocumentedCommandLine() {
        LoadGenOptions o = LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:4000", "--workload", "W1",
                "--durability", "fsync", "--client", "jdk"}, Map.of());
        assertEquals("127.0.0.1", o.host());
        assertEquals(4000, o.port());
        assertEquals(EnumSet.of(LoadGenOptions.Workload.W1), o.workloads());
        assertEquals("fsync", o.durability());
        assertEquals(LoadGenOptions.ClientKind.JDK, o.client());
        assertEquals(1_000_000, o.w1Records());
        assertNull(o.apiKey());
    }

    @Test
    void defaultsToAllWorkloadsAndTakesTheKeyFromTheEnvironment() {
        LoadGenOptions o = LoadGenOptions.parse(new String[] {"--url", "http://localhost:9/v0"},
                Map.of("SEQLOG_API_KEY", "k1"));
        assertEquals(EnumSet.allOf(LoadGenOptions.Workload.class), o.workloads());
        assertEquals("k1", o.apiKey());
        assertEquals("disk", o.durability());
    }

    @Test
    void refusesNonLoopbackTargets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--url", "http://192.0.2.1:4000"}, Map.of()));
        assertTrue(e.getMessage().contains("non-loopback"), e.getMessage());
    }

    @Test
    void rejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {}, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--durability", "memory"},
                        Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--workload", "W9"},
                        Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--w1-records", "-5"},
                        Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--url", "https://127.0.0.1:1"}, Map.of()));
    }

    @Test
    void parsesRecordIds() {
        int[] id = Workloads.parseId("p3-12345-xxxx");
        assertEquals(3, id[0]);
        assertEquals(12345, id[1]);
        assertNull(Workloads.parseId("q3-1-x"));
    }
}
