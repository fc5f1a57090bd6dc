package dev.seqlog.core.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes an engine pool's named daemon threads and remembers them, so that stopping the pool can wait until each
 * thread has really ended: an executor reports termination while its last worker is still on its way out, and
 * "close() returns after every engine thread has stopped" is a promise. Thread-safe.
 */
final class DaemonThreads implements ThreadFactory {
    private final String name;
    private final List<Thread> made = new ArrayList<>();

    DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public synchronized Thread newThread(Runnable r) {
        made.removeIf(t -> t.getState() == Thread.State.TERMINATED); // a cached pool makes threads all along
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        made.add(t);
        return t;
    }

    /**
     * Waits for a shut-down pool: its termination, then the end of every thread this factory made for it.
     *
     * @param pool a pool, shut down; its threads come from a {@code DaemonThreads} if it is a
     *             {@link ThreadPoolExecutor} (only termination is awaited otherwise)
     * @param timeoutNanos how long to wait in all
     * @return whether everything ended in time
     * @throws InterruptedException if interrupted while waiting
     */
    static boolean awaitEnd(ExecutorService pool, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        if (!pool.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (pool instanceof ThreadPoolExecutor tpe && tpe.getThreadFactory() instanceof DaemonThreads threads) {
            for (Thread t : threads.snapshot()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return !t.isAlive();
                }
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
        return true;
    }

    private synchronized List<Thread> snapshot() {
        return new ArrayList<>(made);
    }
}
