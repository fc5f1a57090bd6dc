package dev.seqlog.replication;

import org.apache.ratis.util.TimeDuration;
import org.apache.ratis.util.TimeoutExecutor;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts, before any test of this module, the threads Ratis shares across the JVM and never stops: its timeout
 * scheduler's {@value TimeoutExecutor#MAXIMUM_POOL_SIZE} daemon {@link java.util.Timer}s, "timer0" to "timer7",
 * created on first use and kept for the life of the JVM (no API stops them). Started here, they exist before each
 * test begins, so the strict extension's thread-leak check (which blames threads a test started) sees them as the
 * JVM's, while every thread a node starts must still be gone after its test.
 *
 * <p>Registered for this module's tests through {@code META-INF/services}; runs once per JVM.
 */
public final class RatisSharedThreads implements BeforeAllCallback {
    private static volatile boolean started;

    /** Instantiated by JUnit. */
    public RatisSharedThreads() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        synchronized (RatisSharedThreads.class) {
            if (started) {
                return;
            }
            // one task per timer: each scheduled while the earlier ones are pending lands on the next timer
            int timers = TimeoutExecutor.MAXIMUM_POOL_SIZE;
            CountDownLatch ran = new CountDownLatch(timers);
            for (int i = 0; i < timers; i++) {
                TimeoutExecutor.getInstance().onTimeout(TimeDuration.valueOf(200, TimeUnit.MILLISECONDS),
                        ran::countDown, e -> ran.countDown());
            }
            if (!ran.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Ratis's timeout timers did not run");
            }
            started = true;
        }
    }
}
