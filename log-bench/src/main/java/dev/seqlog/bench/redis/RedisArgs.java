package dev.seqlog.bench.redis;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code redis-server} command line of one run: AOF on with the pairing's fsync policy, no RDB
 * snapshots and no automatic AOF rewrite (neither has a seqlog counterpart, and a background fork in the
 * middle of a measurement would make Redis's figures depend on when it happened), loopback only, in the
 * foreground so the harness owns the process. Stateless.
 */
final class RedisArgs {
    private RedisArgs() {
    }

    /**
     * @param redisServer the {@code redis-server} executable
     * @param appendfsync {@code always} or {@code everysec}
     * @param dir a fresh directory for the AOF
     * @param port a free loopback port
     * @return the command and its arguments
     */
    static List<String> command(String redisServer, String appendfsync, Path dir, int port) {
        if (!appendfsync.equals("always") && !appendfsync.equals("everysec")) {
            throw new IllegalArgumentException("appendfsync must be always or everysec, got " + appendfsync);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return List.of(redisServer,
                "--appendonly", "yes",
                "--appendfsync", appendfsync,
                "--save", "",
                "--auto-aof-rewrite-percentage", "0",
                "--dir", dir.toAbsolutePath().toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--daemonize", "no");
    }
}
