package dev.seqlog.bench.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts printed above the table: when, which JDK and Redis, how many CPUs, and how busy the machine was
 * at the start and the end (the two servers and the client share its cores, so a busy machine moves every
 * figure). Stateless.
 */
final class RunHeader {
    private static final Pattern REDIS_VERSION = Pattern.compile("v=(\\S+)");

    private RunHeader() {
    }

    /**
     * @param redisServer the executable
     * @return the first line of {@code redis-server --version}
     * @throws IOException if it cannot be run or fails
     * @throws InterruptedException if interrupted while waiting for it
     */
    static String redisVersionLine(String redisServer) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(redisServer, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IOException(redisServer + " --version failed: " + out);
        }
        return out.lines().findFirst().orElse(out);
    }

    /**
     * @param versionLine e.g. {@code Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 ...}
     * @return e.g. {@code 7.0.15}, or the whole line if it has no {@code v=}
     */
    static String redisVersion(String versionLine) {
        Matcher m = REDIS_VERSION.matcher(versionLine);
        return m.find() ? m.group(1) : versionLine;
    }

    /**
     * @param start when the run started
     * @param redisVersionLine the output of {@code redis-server --version}
     * @param loadStart load averages at the start
     * @param loadEnd load averages at the end
     * @return the header line
     */
    static String line(Instant start, String redisVersionLine, String loadStart, String loadEnd) {
        return line("Redis Streams side by side", start, redisVersionLine, loadStart, loadEnd);
    }

    /**
     * @param title what ran, e.g. {@code Queues side by side}
     * @param start when the run started
     * @param redisVersionLine the output of {@code redis-server --version}
     * @param loadStart load averages at the start
     * @param loadEnd load averages at the end
     * @return the header line
     */
    static String line(String title, Instant start, String redisVersionLine, String loadStart, String loadEnd) {
        return String.format(Locale.ROOT, "%s, %s UTC; JDK %s; Redis %s (%s); CPUs %d; "
                        + "load average at start %s, at end %s", title, start.truncatedTo(ChronoUnit.SECONDS),
                System.getProperty("java.version"), redisVersion(redisVersionLine), redisVersionLine,
                Runtime.getRuntime().availableProcessors(), loadStart, loadEnd);
    }
}
