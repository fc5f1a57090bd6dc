package dev.seqlog.core.internal.notify;

import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notification hub: exact wakes, no trace of abandoned waits, deadlines on the engine clock. */
class HeadListenersTest {
    private final ManualClock clock = new ManualClock(1_000_000);

    /** Counts its callbacks. */
    private static final class Probe extends Listener {
        final AtomicLong woken = new AtomicLong(-1);
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger ends = new AtomicInteger();

        @Override
        protected void onHead(long head) {
            woken.set(head);
        }

        @Override
        protected void onTimeout() {
            timeouts.incrementAndGet();
        }

        @Override
        protected void onEnd() {
            ends.incrementAndGet();
        }
    }

    @Test
    void aPublishWakesExactlyTheListenersItSatisfiesAmongTenThousand() {
        try (Deadlines deadlines = new Deadlines(clock)) {
            HeadListeners hub = new HeadListeners(deadlines, 0);
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                Probe p = new Probe();
                assertTrue(hub.arm(p, i % 100, HeadListeners.NO_DEADLINE));
                probes.add(p);
            }
            hub.publish(50); // satisfies afterSeq 0..49
            int woken = 0;
            for (int i = 0; i < probes.size(); i++) {
                boolean shouldWake = i % 100 < 50;
                assertEquals(shouldWake ? 50 : -1, probes.get(i).woken.get(), "listener " + i);
                woken += shouldWake ? 1 : 0;
            }
            assertEquals(5_000, woken);
            assertEquals(5_000, hub.size(), "the rest stay armed");
            hub.publish(50); // no new head: nothing happens
            hub.publish(100);
            assertEquals(0, hub.size());
            assertTrue(probes.stream().allMatch(p -> p.woken.get() >= 50));
        }
    }

    @Test
    void armingBehindTheHeadFailsSoTheCallerReadsAgain() {
        try (Deadlines deadlines = new Deadlines(clock)) {
            HeadListeners hub = new HeadListeners(deadlines, 7);
            Probe p = new Probe();
            assertFalse(hub.arm(p, 6, HeadListeners.NO_DEADLINE));
            assertTrue(hub.arm(p, 7, HeadListeners.NO_DEADLINE));
            assertEquals(1, hub.size());
        }
    }

    @Test
    void abandonedWaitsLeaveTheIndexAtOnceAndAreNeverCalled() {
        try (Deadlines deadlines = new Deadlines(clock)) {
            HeadListeners hub = new HeadListeners(deadlines, 0);
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                Probe p = new Probe();
                hub.arm(p, 0, clock.millis() + 60_000);
                probes.add(p);
            }
            assertEquals(100_000, deadlines.size());
            for (Probe p : probes) {
                assertTrue(hub.disarm(p));
            }
            assertEquals(0, hub.size());
            assertEquals(0, deadlines.size(), "their deadlines are gone too");
            hub.publish(1);
            assertTrue(probes.stream().allMatch(p -> p.woken.get() == -1 && p.timeouts.get() == 0));
        }
    }

    @Test
    void aDeadlineFiresWhenTheEngineClockPassesIt() {
        try (Deadlines deadlines = new Deadlines(clock)) {
            HeadListeners hub = new HeadListeners(deadlines, 0);
            Probe early = new Probe();
            Probe late = new Probe();
            hub.arm(early, 0, clock.millis() + 1_000);
            hub.arm(late, 0, clock.millis() + 10_000);
            clock.advance(999);
            assertEquals(2, hub.size(), "not yet on the engine clock, however long the test takes");
            clock.advance(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> early.timeouts.get() == 1);
            assertEquals(1, hub.size());
            assertEquals(0, late.timeouts.get());
            hub.publish(1);
            assertEquals(1, late.woken.get());
            assertEquals(0, deadlines.size());
        }
    }

    @Test
    void aDeadlineArmedAfterTheTimerThreadWentIdleStillFires() {
        try (Deadlines deadlines = new Deadlines(clock)) {
            HeadListeners hub = new HeadListeners(deadlines, 0);
            Probe first = new Probe();
            hub.arm(first, 0, clock.millis() + 10);
            clock.advance(10);
            await().atMost(Duration.ofSeconds(5)).until(() -> first.timeouts.get() == 1);
            // the thread now waits for a deadline with none pending: a later one must still wake it
            Probe later = new Probe();
            hub.arm(later, 0, clock.millis() + 60_000);
            clock.advance(60_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> later.timeouts.get() == 1);
            // and one earlier than the pending one, armed while the thread sleeps toward that one
            Probe far = new Probe();
            Probe near = new Probe();
            hub.arm(far, 0, clock.millis() + 600_000);
            hub.arm(near, 0, clock.millis() + 5);
            clock.advance(5);
            await().atMost(Duration.ofSeconds(5)).until(() -> near.timeouts.get() == 1);
            assertEquals(0, far.timeouts.get());
        }
    }

    @Test
    void endingTellsEveryListenerAndRefusesNewOnes() {
        try (Deadlines deadlines = new Deadlines(clock)) {
            HeadListeners hub = new HeadListeners(deadlines, 0);
            Probe a = new Probe();
            Probe b = new Probe();
            hub.arm(a, 0, HeadListeners.NO_DEADLINE);
            hub.arm(b, 3, clock.millis() + 5);
            hub.end();
            assertEquals(1, a.ends.get());
            assertEquals(1, b.ends.get());
            assertEquals(0, deadlines.size());
            assertFalse(hub.arm(new Probe(), 10, HeadListeners.NO_DEADLINE));
        }
    }

    @Test
    void aListenerReArmsAfterEachWake() {
        try (Deadlines deadlines = new Deadlines(clock)) {
            HeadListeners hub = new HeadListeners(deadlines, 0);
            Probe p = new Probe();
            for (long h = 1; h <= 1_000; h++) {
                assertTrue(hub.arm(p, h - 1, HeadListeners.NO_DEADLINE));
                hub.publish(h);
                assertEquals(h, p.woken.get());
            }
            assertEquals(0, hub.size());
        }
    }
}
