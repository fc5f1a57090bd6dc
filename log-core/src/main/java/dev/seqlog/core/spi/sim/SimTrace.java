package dev.seqlog.core.spi.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent lines of a {@link SimulatedFileSystem}'s call trace, for failure messages: bounded, so a
 * long-lived disk (the emulator's) does not grow without limit. Guarded by the owning disk's monitor.
 */
final class SimTrace {
    private static final int LIMIT = 10_000;

    private final Deque<String> lines = new ArrayDeque<>();

    void add(String line) {
        if (lines.size() == LIMIT) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    List<String> lines() {
        return new ArrayList<>(lines);
    }

    String tail(int count) {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }
}
