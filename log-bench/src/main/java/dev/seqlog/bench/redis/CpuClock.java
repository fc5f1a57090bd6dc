package dev.seqlog.bench.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used so far, user plus system, from {@code /proc/<pid>/stat}, so the two servers
 * can be compared per record and not only per second. Linux only. Immutable and thread-safe.
 */
final class CpuClock {
    private final long ticksPerSecond;

    CpuClock(long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive, got " + ticksPerSecond);
        }
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Asks {@code getconf CLK_TCK} once for the unit of the {@code stat} fields.
     *
     * @return the clock
     * @throws IOException if getconf cannot be run or answers nonsense
     * @throws InterruptedException if interrupted while waiting for it
     */
    static CpuClock fromGetconf() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IOException("getconf CLK_TCK failed: " + out);
        }
        try {
            return new CpuClock(Long.parseLong(out));
        } catch (NumberFormatException e) {
            throw new IOException("getconf CLK_TCK answered " + out, e);
        }
    }

    /**
     * @param pid a live process
     * @return its user + system CPU seconds so far
     * @throws IOException if its stat file cannot be read
     */
    double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        return (double) ticks(stat) / ticksPerSecond;
    }

    /**
     * Sums {@code utime} and {@code stime} (fields 14 and 15). The command name in field 2 may hold spaces and
     * parentheses, so fields are counted from its closing parenthesis, the last one on the line.
     *
     * @param stat the contents of a {@code /proc/<pid>/stat} file
     * @return utime + stime in clock ticks
     */
    static long ticks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        if (f.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc stat line: " + stat);
        }
        // f[0] is field 3 (state), so field 14 (utime) is f[11] and field 15 (stime) is f[12]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
