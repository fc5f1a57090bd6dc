package dev.seqlog.bench.redis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Parsing of /proc/pid/stat lines; reads no real process. Single-threaded. */
class CpuClockTest {

    @Test
    void sumsUtimeAndStime() {
        String stat = "4242 (redis-server) S 1 4242 4242 0 -1 4194560 1200 0 0 0 731 269 0 0 20 0 5 0 900 0 0";
        assertEquals(731 + 269, CpuClock.ticks(stat));
    }

    @Test
    void countsFieldsFromTheLastParenthesisOfTheCommandName() {
        String stat = "77 (a) b (c) d) R 1 77 77 0 -1 0 0 0 0 0 15 4 0 0 20 0 1 0 5 0 0";
        assertEquals(19, CpuClock.ticks(stat));
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThrows(IllegalArgumentException.class, () -> CpuClock.ticks("no parenthesis here"));
        assertThrows(IllegalArgumentException.class, () -> CpuClock.ticks("1 (x) S 1 2"));
        assertThrows(IllegalArgumentException.class, () -> new CpuClock(0));
    }
}
