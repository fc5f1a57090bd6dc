package dev.seqlog.bench.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Where a Redis server listens, and how the workloads connect to it: one plain TCP connection per call,
 * with the same timeouts as the seqlog side's socket client. Immutable.
 *
 * @param host loopback address
 * @param port TCP port
 */
record RedisEndpoint(String host, int port) {

    /** @return a new connection for the calling thread's exclusive use */
    Jedis connect() {
        return new Jedis(new HostAndPort(host, port), DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5_000).socketTimeoutMillis(60_000).build());
    }
}
