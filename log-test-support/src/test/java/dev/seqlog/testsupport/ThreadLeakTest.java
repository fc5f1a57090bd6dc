package dev.seqlog.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves the thread check: a leaked thread fails its test, an orderly shutdown does not. Confined. */
class ThreadLeakTest {

    @Test
    void threadStillRunningAfterTheTestFailsItWithNameAndStack() throws InterruptedException {
        LeaksThread.release = new CountDownLatch(1);
        try {
            Throwable failure = FixtureRunner.singleFailure(FixtureRunner.run(LeaksThread.class));

            String message = failure.getMessage();
            assertTrue(message.contains("thread name=\"leaky-fixture-worker\""), message);
            assertTrue(message.contains("java.util.concurrent.CountDownLatch.await"), message);
        } finally {
            LeaksThread.release.countDown();
            if (LeaksThread.worker != null) {
                LeaksThread.worker.join();
            }
        }
    }

    @Test
    void executorShutDownWithoutAwaitingTerminationPassesWithinTheGracePeriod() {
        FixtureRunner.assertAllPassed(FixtureRunner.run(ShutsDownExecutor.class, true, "5000"), 1);
    }

    @Test
    void threadStoppedInAfterEachPasses() {
        FixtureRunner.assertAllPassed(FixtureRunner.run(StopsThreadInAfterEach.class), 1);
    }

    @Fixture
    static class LeaksThread {
        static volatile CountDownLatch release;
        static volatile Thread worker;

        @Test
        void startsAThreadAndForgetsIt() {
            CountDownLatch latch = release;
            worker = new Thread(() -> awaitQuietly(latch), "leaky-fixture-worker");
            worker.start();
        }
    }

    @Fixture
    static class ShutsDownExecutor {
        @Test
        void shutsDownWithoutWaiting() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            pool.submit(() -> "done").get();
            pool.submit(() -> "done").get();
            pool.shutdown(); // workers exit asynchronously, typically after the test returned
        }
    }

    @Fixture
    static class StopsThreadInAfterEach {
        private final CountDownLatch stop = new CountDownLatch(1);
        private Thread worker;

        @Test
        void startsAThread() {
            worker = new Thread(() -> awaitQuietly(stop), "fixture-worker-stopped-in-after-each");
            worker.start();
        }

        @AfterEach
        void stopThread() throws InterruptedException {
            stop.countDown();
            worker.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
