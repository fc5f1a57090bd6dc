package dev.seqlog.bench.redis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The seqlog server jar as an operator runs it: {@code java -jar seqlog-server.jar} with no JVM flags, port 0
 * reported through a port file, a fresh data directory; started fresh for every measurement and stopped on
 * close. Confined to one thread.
 */
final class SeqlogProcess implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ChildProcess child;
    private final int port;

    private SeqlogProcess(ChildProcess child, int port) {
        this.child = child;
        this.port = port;
    }

    /**
     * Starts the server and waits until {@code GET /v0/ready} answers 200.
     *
     * @param jar the server jar
     * @param dir a fresh directory; data goes to {@code dir/data}, the log to {@code dir/server.log}
     * @return the running server
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    static SeqlogProcess start(Path jar, Path dir) throws IOException, InterruptedException {
        Path portFile = dir.resolve("port.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SEQLOG_")); // server defaults, whatever the caller's shell has
        env.put("SEQLOG_PORT", "0");
        env.put("SEQLOG_PORT_FILE", portFile.toString());
        env.put("SEQLOG_DATA_DIR", dir.resolve("data").toString());
        ChildProcess child = ChildProcess.start("seqlog server", pb, dir.resolve("server.log"));
        try {
            return new SeqlogProcess(child, awaitReady(child, portFile));
        } catch (RuntimeException | InterruptedException e) {
            child.close();
            throw e;
        }
    }

    private static int awaitReady(ChildProcess child, Path portFile) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int port = -1;
        while (true) {
            if (!child.isAlive()) {
                throw child.failure("exited during start-up");
            }
            if (port < 0) {
                port = readPort(portFile);
            }
            if (port > 0 && readyAnswers200(http, port)) {
                return port;
            }
            if (System.nanoTime() > deadline) {
                throw child.failure("was not ready within 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** The port, or -1 while the file is missing or not yet completely written. */
    private static int readPort(Path portFile) {
        try {
            return Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static boolean readyAnswers200(HttpClient http, int port) throws InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v0/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return child.pid();
    }

    @Override
    public void close() {
        child.close();
    }
}
