package dev.seqlog.server.cluster;

import org.apache.ratis.util.TimeDuration;
import org.apache.ratis.util.TimeoutExecutor;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts Ratis's JVM-wide timeout timers ("timer0" to "timer7", daemon {@link java.util.Timer}s that nothing stops)
 * once, before the first test of this module, so the strict extension's thread-leak check counts them as the JVM's
 * rather than blaming the first cluster-mode test. Every other thread a cluster node starts must still be gone
 * after its test. Registered through {@code META-INF/services}; runs once per JVM.
 */
public final class RatisSharedThreads implements BeforeAllCallback {
    private static boolean started; // guarded by the class

    /** Instantiated by JUnit. */
    public RatisSharedThreads() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        synchronized (RatisSharedThreads.class) {
            if (started) {
                return;
            }
            // a task scheduled while the earlier ones are still pending lands on the next timer: one per timer
            CountDownLatch ran = new CountDownLatch(TimeoutExecutor.MAXIMUM_POOL_SIZE);
            for (int i = 0; i < TimeoutExecutor.MAXIMUM_POOL_SIZE; i++) {
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
