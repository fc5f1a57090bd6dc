package dev.seqlog.server.cluster;

import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.UrlClient;
import dev.seqlog.server.config.ConfigException;
import dev.seqlog.server.config.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * Servers in cluster mode in this JVM, on loopback: HTTP on ports the OS picks, Raft on free ports taken up front,
 * each node's data in its own directory. A node can be stopped and started again on its directory, and a dead one
 * replaced by a new id (the peers every node started afterwards is given). Confined to the test thread.
 */
final class ServerCluster implements AutoCloseable {
    private final Path root;
    private final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    private final List<String> members = new ArrayList<>();
    private final Map<String, SeqlogServer> running = new ConcurrentSkipListMap<>();

    private ServerCluster(Path root, int size) {
        this.root = root;
        for (int i = 1; i <= size; i++) {
            raftPorts.put("n" + i, freePort());
            members.add("n" + i);
        }
    }

    /** Starts nodes n1..n{size}; returns without waiting for a leader. */
    static ServerCluster start(Path root, int size) {
        ServerCluster c = new ServerCluster(root, size);
        try {
            c.members.forEach(c::start);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** @return {@code SEQLOG_PEERS} as the nodes started now are given it */
    String peers() {
        return members.stream().map(this::peer).collect(Collectors.joining(","));
    }

    /** @return a node's {@code id=127.0.0.1:port} */
    String peer(String id) {
        return id + "=127.0.0.1:" + raftPorts.get(id);
    }

    /** Starts (or restarts) a node on its directory. */
    SeqlogServer start(String id) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEQLOG_PORT", "0");
        env.put("SEQLOG_DATA_DIR", root.resolve(id).toString());
        env.put("SEQLOG_NODE_ID", id);
        env.put("SEQLOG_PEERS", peers());
        env.put("SEQLOG_SHUTDOWN_GRACE_MS", "1000");
        env.put("SEQLOG_CONSOLE", "off");
        try {
            SeqlogServer s = SeqlogServer.start(ServerConfig.fromEnv(env));
            running.put(id, s);
            return s;
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops a node (its server, then its replicated node). */
    void stop(String id) {
        SeqlogServer s = running.remove(id);
        if (s != null) {
            s.close();
        }
    }

    /**
     * Gives {@code added} a Raft port and makes the peers of every node started from now on the current ones
     * without {@code gone} and with {@code added}, as an operator replacing a dead node does.
     *
     * @return the new {@code SEQLOG_PEERS}
     */
    String planReplacement(String gone, String added) {
        raftPorts.put(added, freePort());
        members.remove(gone);
        members.add(added);
        return peers();
    }

    /** @return {@code http://127.0.0.1:port} of a running node */
    String base(String id) {
        return "http://127.0.0.1:" + running.get(id).port();
    }

    /** @return the ids of the running nodes */
    List<String> running() {
        return new ArrayList<>(running.keySet());
    }

    /** @return the answer to one request, {@code "<status> <body>"} */
    String send(String id, String method, String path, String body) {
        try {
            return UrlClient.send(base(id), method, path, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (String id : running()) {
            stop(id);
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
