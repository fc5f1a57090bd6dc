package dev.seqlog.bench.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process started by the harness: its output goes to a log file (shown when start-up fails), it is
 * registered with the {@link Reaper} until stopped, and stopping asks politely (SIGTERM, so the server closes
 * its files as it would in service) before it kills. Confined to one thread.
 */
final class ChildProcess implements AutoCloseable {
    private static final int LOG_TAIL_LINES = 20;

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param name how to call the process in messages
     * @param pb the command, environment and working directory
     * @param log where its stdout and stderr go
     * @return the running process
     * @throws IOException if it cannot be started
     */
    static ChildProcess start(String name, ProcessBuilder pb, Path log) throws IOException {
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        Reaper.register(p);
        p.getOutputStream().close();
        return new ChildProcess(name, p, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * @param why what went wrong
     * @return an exception naming the process, its exit state and the end of its log
     */
    IllegalStateException failure(String why) {
        String state = process.isAlive() ? "running" : "exited " + process.exitValue();
        return new IllegalStateException(name + " " + why + " (pid " + pid() + ", " + state + "); log tail:\n"
                + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Reaper.forget(process);
        }
    }
}
