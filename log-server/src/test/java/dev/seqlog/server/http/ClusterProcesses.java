package dev.seqlog.server.http;

import dev.seqlog.testsupport.TestDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server processes of the runnable jar in cluster mode, for the kill -9 tests: each node keeps its Raft port and data
 * directory across restarts and gets a new HTTP port (written to a port file) at each start; nodes are killed with
 * SIGKILL. Every start's output goes to its own log file in the test directory. Thread-safe where the writers read
 * it ({@link #bases()}); started and killed from the test thread.
 */
final class ClusterProcesses implements AutoCloseable {
    private final String jar;
    private final TestDir dir;
    private final Map<String, Integer> raftPorts = new java.util.LinkedHashMap<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, String> bases = new ConcurrentHashMap<>();
    private final AtomicInteger starts = new AtomicInteger();
    private final List<Path> logs = new ArrayList<>();

    ClusterProcesses(String jar, TestDir dir, int size) {
        this.jar = jar;
        this.dir = dir;
        for (int i = 1; i <= size; i++) {
            raftPorts.put("n" + i, freePort());
        }
    }

    /** @return the node ids */
    List<String> ids() {
        return new ArrayList<>(raftPorts.keySet());
    }

    private String peers() {
        return raftPorts.entrySet().stream().map(e -> e.getKey() + "=127.0.0.1:" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Starts a node on its data directory and waits until its HTTP port is bound (not until it is ready). */
    void start(String id) throws IOException {
        int n = starts.incrementAndGet();
        Path portFile = dir.resolve(id + "-port-" + n);
        Path log = dir.resolve(id + "-" + n + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar);
        pb.environment().keySet().removeIf(k -> k.startsWith("SEQLOG_"));
        pb.environment().put("SEQLOG_PORT", "0");
        pb.environment().put("SEQLOG_PORT_FILE", portFile.toString());
        pb.environment().put("SEQLOG_DATA_DIR", dir.resolve(id).toString());
        pb.environment().put("SEQLOG_NODE_ID", id);
        pb.environment().put("SEQLOG_PEERS", peers());
        pb.environment().put("SEQLOG_CONSOLE", "off");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        synchronized (logs) {
            logs.add(log);
        }
        processes.put(id, p);
        await(id + " binds its HTTP port").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(portFile) || !p.isAlive());
        assertTrue(p.isAlive(), id + " did not start; its log:\n" + Files.readString(log));
        bases.put(id, "http://127.0.0.1:" + Files.readString(portFile).trim());
    }

    /** Kills a node with SIGKILL and waits until it is gone. */
    void kill(String id) throws InterruptedException {
        bases.remove(id);
        Process p = processes.remove(id);
        if (p != null) {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), id + " outlived SIGKILL");
        }
    }

    /** @return the base URLs of the running nodes, by id (a live view) */
    Map<String, String> bases() {
        return bases;
    }

    /** @return whether a node is running */
    boolean running(String id) {
        return processes.containsKey(id);
    }

    /** Waits until a node answers /v0/ready with 200 (it knows a leader and has caught up). */
    void awaitReady(String id, Duration atMost) {
        await(id + " ready").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> send(id, "GET", "/v0/ready", null, 2_000).startsWith("200"));
    }

    /**
     * @return the leader every running node names (with the leader saying so itself), or null when they do not
     *         agree yet
     */
    String leader() {
        String leader = null;
        for (String id : bases.keySet()) {
            String r = send(id, "GET", "/v0/cluster", null, 2_000);
            if (!r.startsWith("200")) {
                return null;
            }
            Object c = JsonValue.parse(r.substring(4));
            Object named = JsonValue.at(c, "leader_id");
            if (named == null || leader != null && !leader.equals(named)) {
                return null;
            }
            leader = (String) named;
        }
        if (leader == null || !bases.containsKey(leader)) {
            return null;
        }
        String r = send(leader, "GET", "/v0/cluster", null, 2_000);
        return r.startsWith("200") && "leader".equals(JsonValue.at(JsonValue.parse(r.substring(4)), "role"))
                ? leader : null;
    }

    /** Waits for a leader every running node names. */
    String awaitLeader() {
        return await("a leader every running node names").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(this::leader, l -> l != null);
    }

    /**
     * One request to a running node.
     *
     * @return {@code "<status> <body>"}, or {@code "0 <exception>"} when the node did not answer in time
     */
    String send(String id, String method, String path, String body, int readTimeoutMs) {
        String base = bases.get(id);
        if (base == null) {
            return "0 not running";
        }
        return send(base, method, path, body, readTimeoutMs, 1_000);
    }

    /** One request; {@code "0 <exception>"} when there was no answer. */
    static String send(String base, String method, String path, String body, int readTimeoutMs,
                       int connectTimeoutMs) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(base + path).openConnection();
            try {
                c.setRequestMethod(method);
                c.setConnectTimeout(connectTimeoutMs);
                c.setReadTimeout(readTimeoutMs);
                if (body != null) {
                    c.setRequestProperty("Content-Type", "application/json");
                    c.setDoOutput(true);
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = c.getResponseCode();
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    return status + " " + (in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "0 " + e;
        }
    }

    /** @return the last lines of every start's log, for a failure report */
    String logTails(int lines) {
        StringBuilder b = new StringBuilder();
        synchronized (logs) {
            for (Path log : logs) {
                try {
                    List<String> all = Files.readAllLines(log);
                    b.append("\n==== ").append(log.getFileName()).append('\n');
                    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> b.append(l).append('\n'));
                } catch (IOException e) {
                    b.append("\n==== ").append(log.getFileName()).append(": ").append(e).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** @return how many lines of all logs so far contain {@code text} */
    long countInLogs(String text) {
        long n = 0;
        synchronized (logs) {
            for (Path log : logs) {
                try (var lines = Files.lines(log)) {
                    n += lines.filter(l -> l.contains(text)).count();
                } catch (IOException | UncheckedIOException e) {
                    // a log being written is read again later; an unreadable one counts nothing
                }
            }
        }
        return n;
    }

    /**
     * Kills every node still running; with {@code -Dseqlog.cluster.logDir=DIR}, copies every start's log there first
     * (the test directory, logs included, is deleted after the test).
     */
    @Override
    public void close() {
        try {
            for (String id : new ArrayList<>(processes.keySet())) {
                kill(id);
            }
        } catch (InterruptedException e) {
            processes.values().forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        String keep = System.getProperty("seqlog.cluster.logDir");
        if (keep != null) {
            try {
                Path target = Files.createDirectories(Path.of(keep));
                synchronized (logs) {
                    for (Path log : logs) {
                        Files.copy(log, target.resolve(log.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                System.out.println("could not keep the node logs in " + keep + ": " + e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
