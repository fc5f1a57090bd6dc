package dev.seqlog.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds threads started during a test that are still alive after it, waiting a bounded grace period for them
 * to finish. Confined to the test thread.
 */
final class ThreadLeakCheck {

    /**
     * Name prefixes of threads that outlive tests by design and are not the code under test's to stop: JVM
     * service threads, the common pool (its workers idle out after a minute), the JDK's process reaper and
     * HTTP keep-alive cache, JUnit's {@code @Timeout} executors, and surefire's and jqwik's own threads.
     */
    static final List<String> ALLOWED_PREFIXES = List.of(
            "ForkJoinPool.commonPool-worker",
            "Attach Listener",
            "Signal Dispatcher",
            "Reference Handler",
            "Finalizer",
            "Common-Cleaner",
            "Notification Thread",
            "process reaper",
            "Keep-Alive-Timer",
            "Keep-Alive-SocketCleaner",
            "junit-jupiter-timeout-watcher",
            "junit-timeout-thread",
            "surefire-forkedjvm",
            "jqwik");

    private final Set<Thread> before;

    private ThreadLeakCheck(Set<Thread> before) {
        this.before = before;
    }

    /** Records the threads alive now. */
    static ThreadLeakCheck snapshot() {
        Set<Thread> alive = Collections.newSetFromMap(new IdentityHashMap<>());
        alive.addAll(Thread.getAllStackTraces().keySet());
        return new ThreadLeakCheck(alive);
    }

    /**
     * Returns a report of the new threads still alive after waiting up to {@code graceMillis} in total for them
     * to end (executors stop their workers asynchronously after {@code shutdown()}), or an empty string.
     */
    String check(long graceMillis) throws InterruptedException {
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        List<Thread> leaked = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (before.contains(thread) || thread == Thread.currentThread() || isAllowed(thread.getName())) {
                continue;
            }
            long remainingMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            if (remainingMillis > 0) {
                thread.join(remainingMillis);
            }
            if (thread.isAlive()) {
                leaked.add(thread);
            }
        }
        return leaked.isEmpty() ? "" : report(leaked, graceMillis);
    }

    static boolean isAllowed(String threadName) {
        return ALLOWED_PREFIXES.stream().anyMatch(threadName::startsWith);
    }

    private static String report(List<Thread> leaked, long graceMillis) {
        StringBuilder text = new StringBuilder()
                .append(leaked.size()).append(" thread(s) started by the test still alive ")
                .append(graceMillis).append(" ms after it ended:");
        for (Thread thread : leaked) {
            text.append("\n  thread name=\"").append(thread.getName()).append("\" daemon=").append(thread.isDaemon())
                    .append(" state=").append(thread.getState());
            for (StackTraceElement frame : thread.getStackTrace()) {
                text.append("\n      at ").append(frame);
            }
        }
        return text.toString();
    }
}
