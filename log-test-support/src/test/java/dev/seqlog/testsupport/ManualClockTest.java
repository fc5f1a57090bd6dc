package dev.seqlog.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link ManualClock}. Confined. */
class ManualClockTest {

    @Test
    void startsWhereToldAndMovesOnlyWhenTold() {
        ManualClock clock = new ManualClock(1_000);

        assertEquals(1_000, clock.millis());
        assertEquals(Instant.ofEpochMilli(1_000), clock.instant());
        assertEquals(1_250, clock.advance(250));
        assertEquals(3_250, clock.advance(Duration.ofSeconds(2)));
        clock.set(500);
        assertEquals(500, clock.millis());
        assertEquals(Instant.ofEpochMilli(500), clock.instant());
    }

    @Test
    void advanceRefusesToOverflow() {
        ManualClock clock = new ManualClock(Long.MAX_VALUE - 1);

        assertThrows(ArithmeticException.class, () -> clock.advance(2));
        assertEquals(Long.MAX_VALUE - 1, clock.millis());
    }

    @Test
    void concurrentAdvancesAreNotLost() throws InterruptedException {
        ManualClock clock = new ManualClock(0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    clock.advance(1);
                }
            }, "clock-advancer-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertEquals(40_000, clock.millis());
    }
}
