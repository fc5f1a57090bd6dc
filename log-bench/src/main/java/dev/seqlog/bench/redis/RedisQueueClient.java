package dev.seqlog.bench.redis;

import dev.seqlog.bench.queue.QueueClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.List;
import java.util.Map;

/**
 * A worker of a Redis Streams consumer group: {@code XREADGROUP GROUP g <consumer> COUNT B STREAMS s >}, then
 * {@code XACK s g <ids>} of exactly those entries, one command in flight on its own connection. With
 * {@code xdel} the ack also deletes the entries, as a seqlog ack deletes the job: {@code XACK} and
 * {@code XDEL} go in one pipeline, one round trip. Confined to its worker thread.
 */
final class RedisQueueClient implements QueueClient {
    /** The consumer group every worker reads in. */
    static final String GROUP = "g";

    private final Jedis jedis;
    private final String stream;
    private final String consumer;
    private final boolean xdel;
    private StreamEntryID[] claimed = new StreamEntryID[0];

    RedisQueueClient(Jedis jedis, String stream, String consumer, boolean xdel) {
        this.jedis = jedis;
        this.stream = stream;
        this.consumer = consumer;
        this.xdel = xdel;
    }

    @Override
    public int claim(int max, long[] keys) {
        List<Map.Entry<String, List<StreamEntry>>> reply = jedis.xreadGroup(GROUP, consumer,
                XReadGroupParams.xReadGroupParams().count(max),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        List<StreamEntry> entries = reply == null || reply.isEmpty() ? List.of() : reply.get(0).getValue();
        int n = entries.size();
        if (n > max) {
            throw new IllegalStateException("XREADGROUP COUNT " + max + " returned " + n + " entries");
        }
        claimed = new StreamEntryID[n];
        for (int i = 0; i < n; i++) {
            StreamEntryID id = entries.get(i).getID();
            claimed[i] = id;
            keys[i] = StreamIds.pack(id.getTime(), id.getSequence());
        }
        return n;
    }

    @Override
    public int ackClaimed() {
        if (claimed.length == 0) {
            return 0;
        }
        if (!xdel) {
            return Math.toIntExact(jedis.xack(stream, GROUP, claimed));
        }
        try (Pipeline p = jedis.pipelined()) {
            Response<Long> acked = p.xack(stream, GROUP, claimed);
            Response<Long> deleted = p.xdel(stream, claimed);
            p.sync();
            return Math.toIntExact(Math.min(acked.get(), deleted.get()));
        }
    }

    @Override
    public void close() {
        jedis.close();
    }
}
