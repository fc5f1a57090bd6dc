package dev.seqlog.bench.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every server process still registered when the JVM exits, so an interrupted run (Ctrl-C, an
 * exception past the finally blocks) leaves no Redis or seqlog server behind. Thread-safe.
 */
final class Reaper {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "side-by-side-reaper"));
    }

    private Reaper() {
    }

    static void register(Process p) {
        LIVE.add(p);
    }

    static void forget(Process p) {
        LIVE.remove(p);
    }

    private static void killAll() {
        for (Process p : LIVE) {
            p.destroyForcibly();
        }
    }
}
