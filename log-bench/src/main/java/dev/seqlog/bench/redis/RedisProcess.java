package dev.seqlog.bench.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} in the foreground on a free loopback port with its AOF in a scratch directory;
 * started fresh for every measurement and stopped on close. Confined to one thread.
 */
final class RedisProcess implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ChildProcess child;
    private final RedisEndpoint endpoint;

    private RedisProcess(ChildProcess child, RedisEndpoint endpoint) {
        this.child = child;
        this.endpoint = endpoint;
    }

    /**
     * Starts Redis and waits until it answers PING.
     *
     * @param redisServer the executable
     * @param appendfsync {@code always} or {@code everysec}
     * @param dir a fresh directory; the AOF goes to {@code dir/aof}, the log to {@code dir/redis.log}
     * @return the running server
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    static RedisProcess start(String redisServer, String appendfsync, Path dir)
            throws IOException, InterruptedException {
        Path data = Files.createDirectory(dir.resolve("aof"));
        int port = freeLoopbackPort();
        ProcessBuilder pb = new ProcessBuilder(RedisArgs.command(redisServer, appendfsync, data, port));
        ChildProcess child = ChildProcess.start("redis-server", pb, dir.resolve("redis.log"));
        RedisProcess redis = new RedisProcess(child, new RedisEndpoint("127.0.0.1", port));
        try {
            redis.awaitPing();
            return redis;
        } catch (RuntimeException | InterruptedException e) {
            redis.close();
            throw e;
        }
    }

    private void awaitPing() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) {
            if (!child.isAlive()) {
                throw child.failure("exited during start-up");
            }
            try (Jedis j = endpoint.connect()) {
                if ("PONG".equals(j.ping())) {
                    return;
                }
            } catch (JedisException e) {
                // not listening yet, or still loading
            }
            if (System.nanoTime() > deadline) {
                throw child.failure("did not answer PING within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** A port the kernel just handed out; Redis binds it a moment later (the race is harmless on loopback). */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    RedisEndpoint endpoint() {
        return endpoint;
    }

    long pid() {
        return child.pid();
    }

    @Override
    public void close() {
        child.close();
    }
}
