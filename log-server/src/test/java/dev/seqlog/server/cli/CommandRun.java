package dev.seqlog.server.cli;

import dev.seqlog.server.SeqlogServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs client commands in-process against a server, whole or in the background. Confined to a test. */
final class CommandRun {
    /** Exit status and output of one invocation. */
    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** A command running on its own thread: its output so far and, once it ends, its exit status. */
    static final class Background {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final AtomicInteger code = new AtomicInteger(Integer.MIN_VALUE);
        private final Thread thread;

        private Background(SeqlogServer server, Backoff.Sleeper pause, String... args) {
            Streams io = streams(server, out, err);
            thread = new Thread(() -> code.set(Cli.run(args, io, pause)), "test-" + args[0]);
            thread.setDaemon(true); // a command a failed test left blocked never holds the JVM
            thread.start();
        }

        List<String> lines() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8).lines().toList();
            }
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** @return the exit status, or null while running */
        Integer code() {
            int c = code.get();
            return c == Integer.MIN_VALUE ? null : c;
        }
    }

    private CommandRun() {
    }

    static Result run(SeqlogServer server, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Streams io = new Streams(Map.of("SEQLOG_URL", server.baseUri().toString()),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = Cli.run(args, io);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Background start(SeqlogServer server, String... args) {
        return new Background(server, Thread::sleep, args);
    }

    /** Starts a command whose pauses between reconnects are {@code pause}'s. */
    static Background start(SeqlogServer server, Backoff.Sleeper pause, String... args) {
        return new Background(server, pause, args);
    }

    static void failsWith(Result r, int code, String errorStart) {
        assertEquals(code, r.code(), r.err());
        assertEquals(code == 2 ? 2 : 1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("seqlog: " + errorStart), r.err());
    }

    private static Streams streams(SeqlogServer server, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new Streams(Map.of("SEQLOG_URL", server.baseUri().toString()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
