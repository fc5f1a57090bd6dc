package dev.seqlog.core.internal.lifecycle;

import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When checkpoints run, and how writers are held back while one catches up. */
class CheckpointSchedulerTest {
    private static final long TRIGGER = 100;

    private final ManualClock clock = new ManualClock(1_000_000);
    private final AtomicLong walBytes = new AtomicLong();
    private final AtomicInteger passes = new AtomicInteger();

    private CheckpointScheduler scheduler(Runnable pass) {
        return new CheckpointScheduler(walBytes::get, clock, TRIGGER, 60_000, pass, () -> false, true, Runnable::run);
    }

    /** A pass that checkpoints everything submitted when it starts. */
    private Runnable[] simplePass(CheckpointScheduler[] self) {
        return new Runnable[] {() -> {
            long at = walBytes.get();
            passes.incrementAndGet();
            self[0].completed(at, clock.millis());
        }};
    }

    @Test
    void aWriterPastTheTriggerWakesAPass() {
        CheckpointScheduler[] self = new CheckpointScheduler[1];
        Runnable[] pass = simplePass(self);
        try (CheckpointScheduler s = scheduler(() -> pass[0].run())) {
            self[0] = s;
            s.start();
            walBytes.set(TRIGGER - 1);
            assertTrue(s.admission().isDone());
            assertEquals(0, passes.get(), "below the trigger nothing runs");
            walBytes.set(TRIGGER);
            assertTrue(s.admission().isDone(), "up to four triggers of backlog, writers go on");
            assertEquals(0, s.admissionWaits());
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
        }
    }

    @Test
    void theIntervalRunsAPassWhenTheWalGrew() {
        CheckpointScheduler[] self = new CheckpointScheduler[1];
        Runnable[] pass = simplePass(self);
        try (CheckpointScheduler s = scheduler(() -> pass[0].run())) {
            self[0] = s;
            s.start();
            clock.advance(60_000);
            walBytes.set(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
        }
    }

    @Test
    void writersWaitWhileTheBacklogExceedsFourTriggersAndResumeWhenAPassCompletes() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CheckpointScheduler[] self = new CheckpointScheduler[1];
        try (CheckpointScheduler s = scheduler(() -> {
            long at = walBytes.get();
            passes.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            self[0].completed(at, clock.millis());
        })) {
            self[0] = s;
            s.start();
            walBytes.set(5 * TRIGGER);
            CompletableFuture<Void> writer = s.admission();
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
            assertFalse(writer.isDone(), "the writer waits for the running pass, holding no thread");
            assertEquals(1, s.admissionWaits(), "a waiting writer is counted for seqlog_wal_submit_full_total");
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(writer::isDone);
        }
    }

    @Test
    void closingReleasesWaitingWriters() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CheckpointScheduler s = scheduler(() -> {
            passes.incrementAndGet();
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.start();
        walBytes.set(5 * TRIGGER);
        CompletableFuture<Void> writer = s.admission();
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
        assertFalse(writer.isDone());
        Thread closer = start(s::close);
        await().atMost(Duration.ofSeconds(5)).until(writer::isDone);
        never.countDown();
        closer.join(5000);
        assertFalse(closer.isAlive());
    }

    /** A plain thread: the common pool may have a single worker, which one blocked call would occupy. */
    private static Thread start(Runnable r) {
        Thread t = new Thread(r, "scheduler-test");
        t.start();
        return t;
    }
}
