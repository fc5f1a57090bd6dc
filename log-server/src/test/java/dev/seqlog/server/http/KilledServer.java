package dev.seqlog.server.http;

import dev.seqlog.server.UrlClient;
import dev.seqlog.testsupport.TestDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The server jar as a child process for the kill -9 tests: one start per round, on the same data directory. */
final class KilledServer {
    private KilledServer() {
    }

    /** @return the shaded jar's path; skips the test when it has not been built */
    static String jar() {
        String jar = System.getProperty("seqlog.server.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar has not been built");
        return jar;
    }

    /** @return the base URL of round {@code round}'s server */
    static String base(TestDir dir, int round) throws IOException {
        return "http://127.0.0.1:" + Files.readString(dir.resolve("port" + round)).trim();
    }

    /** Starts the jar on {@code dir}'s data directory, on a free port, and waits until it is ready. */
    static Process start(String jar, TestDir dir, int round) throws IOException {
        Path portFile = dir.resolve("port" + round);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar);
        pb.environment().keySet().removeIf(k -> k.startsWith("SEQLOG_"));
        pb.environment().put("SEQLOG_PORT", "0");
        pb.environment().put("SEQLOG_PORT_FILE", portFile.toString());
        pb.environment().put("SEQLOG_DATA_DIR", dir.resolve("data").toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server" + round + ".log").toFile());
        Process p = pb.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(portFile) || !p.isAlive());
        assertTrue(p.isAlive(), "server did not start, round " + round);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                UrlClient.send(base(dir, round), "GET", "/v0/ready", null).startsWith("200"));
        return p;
    }
}
