package dev.seqlog.server;

import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the shaded jar as a child process, as an operator would. Bound to the integration-test phase
 * (after packaging); skipped when the jar is absent, e.g. when run from an IDE without packaging.
 */
class ServerJarIT {
    @Test
    void servesAndShutsDownGracefullyOnSigterm(TestDir dir) throws Exception {
        String jar = System.getProperty("seqlog.server.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar has not been built");
        Path portFile = dir.resolve("port");
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "serve");
        pb.environment().keySet().removeIf(k -> k.startsWith("SEQLOG_"));
        pb.environment().put("SEQLOG_PORT", "0");
        pb.environment().put("SEQLOG_PORT_FILE", portFile.toString());
        pb.environment().put("SEQLOG_DATA_DIR", data.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(portFile) || !p.isAlive());
            assertTrue(p.isAlive(), () -> "server exited early: " + read(log));
            int port = Integer.parseInt(Files.readString(portFile).trim());
            assertTrue(Files.isDirectory(data));

            String base = "http://127.0.0.1:" + port;
            // the port file is written once the listener is bound, before recovery (API §13.3)
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    UrlClient.send(base, "GET", "/v0/ready", null).startsWith("200"));
            assertTrue(UrlClient.send(base, "PUT", "/v0/topics/it", "{}").startsWith("201 "));
            assertTrue(UrlClient.send(base, "POST", "/v0/topics/it2", "{\"records\":[{\"data\":{\"v\":1.0}}]}")
                    .startsWith("201 "));
            String diff = UrlClient.send(base, "POST", "/v0/topics/it2/diff", "{}");
            assertTrue(diff.startsWith("200 "), diff);
            assertTrue(diff.contains("\"data\":{\"v\":1.0}"), diff);
            // the console comes out of the jar itself (HttpURLConnection follows the redirect from /)
            String page = UrlClient.send(base, "GET", "/", null);
            assertTrue(page.startsWith("200 ") && page.contains("<script type=\"module\" src=\"main.js\">"), page);
            String script = UrlClient.send(base, "GET", "/console/view-topic.js", null);
            assertTrue(script.startsWith("200 ") && script.contains("new LiveTail("), script);

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "server did not stop");
            assertEquals(0, p.exitValue(), () -> read(log));
            String out = read(log);
            assertTrue(out.contains("listening on"), out);
            assertTrue(out.contains("seqlog stopped"), out);
            assertFalse(out.contains("WARNING: "), out); // no JVM warnings (illegal access, native access, ...)
            assertFalse(out.contains("SLF4J(W)"), out);
            assertTrue(hasFile(data.resolve("snapshots"), ".snap"), "a clean stop writes a final snapshot");
            assertTrue(hasFile(data.resolve("segments"), ".seg"), "and moves records into segment files");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingColdDirectoryStopsStartUpWithStatusOne(TestDir dir) throws Exception {
        String jar = System.getProperty("seqlog.server.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar has not been built");
        Path log = dir.resolve("server.log");
        Path cold = dir.resolve("cold-volume-not-mounted");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "serve");
        pb.environment().keySet().removeIf(k -> k.startsWith("SEQLOG_"));
        pb.environment().put("SEQLOG_PORT", "0");
        pb.environment().put("SEQLOG_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("SEQLOG_COLD_DIR", cold.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "server did not exit");
            assertEquals(1, p.exitValue(), () -> read(log));
            String out = read(log);
            assertTrue(out.contains("cold-tier directory does not exist") && out.contains(cold.toString()), out);
            assertFalse(Files.exists(cold), "the cold directory is never created by the server");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreachableObjectStoreStopsStartUpWithStatusOne(TestDir dir) throws Exception {
        String jar = System.getProperty("seqlog.server.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar has not been built");
        Path log = dir.resolve("server.log");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once it is closed
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "serve");
        pb.environment().keySet().removeIf(k -> k.startsWith("SEQLOG_"));
        pb.environment().put("SEQLOG_PORT", "0");
        pb.environment().put("SEQLOG_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("SEQLOG_S3_BUCKET", "events");
        pb.environment().put("SEQLOG_S3_ENDPOINT", "http://127.0.0.1:" + closed);
        pb.environment().put("SEQLOG_S3_ACCESS_KEY_ID", "id");
        pb.environment().put("SEQLOG_S3_SECRET_ACCESS_KEY", "not-logged");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "server did not exit");
            assertEquals(1, p.exitValue(), () -> read(log));
            String out = read(log);
            assertTrue(out.contains("object-store cold tier is unusable") && out.contains("127.0.0.1:" + closed), out);
            assertFalse(out.contains("not-logged"), "the secret never reaches the log");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean hasFile(Path d, String suffix) throws IOException {
        try (var s = Files.list(d)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(suffix));
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
