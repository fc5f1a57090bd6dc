package dev.seqlog.bench.redis;

import dev.seqlog.bench.Payloads;
import dev.seqlog.bench.queue.QueueClient;
import dev.seqlog.bench.queue.QueueTarget;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamGroupInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Redis Streams as a job queue: a stream filled with pipelined {@code XADD}s, one consumer group created at
 * its start after the fill, and a worker per connection ({@link RedisQueueClient}). What is left afterwards
 * comes from {@code XINFO GROUPS} (pending entries, last delivered id) and {@code XLEN}. Thread-safe.
 */
final class RedisQueueTarget implements QueueTarget {
    /** Entries per pipeline while filling, as many as a seqlog fill write carries. */
    static final int FILL_BATCH = 1000;
    private static final byte[] FIELD = RedisProduce.FIELD.getBytes(StandardCharsets.US_ASCII);

    private final RedisEndpoint redis;
    private final boolean xdel;

    /**
     * @param redis the server
     * @param xdel whether workers also delete the entries they ack
     */
    RedisQueueTarget(RedisEndpoint redis, boolean xdel) {
        this.redis = redis;
        this.xdel = xdel;
    }

    @Override
    public long[] prefill(String stream, int jobs, int payloadBytes) {
        byte[] key = stream.getBytes(StandardCharsets.UTF_8);
        byte[] payload = Payloads.jsonString(payloadBytes);
        XAddParams auto = XAddParams.xAddParams();
        long[] ids = new long[jobs];
        try (Jedis j = redis.connect()) {
            if (j.exists(key)) {
                throw new IllegalStateException("stream " + stream + " already exists");
            }
            List<Response<byte[]>> replies = new ArrayList<>(FILL_BATCH);
            int at = 0;
            try (Pipeline pipe = j.pipelined()) {
                while (at < jobs) {
                    int n = Math.min(FILL_BATCH, jobs - at);
                    replies.clear();
                    for (int i = 0; i < n; i++) {
                        replies.add(pipe.xadd(key, auto, Map.of(FIELD, payload)));
                    }
                    pipe.sync();
                    for (Response<byte[]> r : replies) {
                        ids[at++] = StreamIds.parse(r.get());
                    }
                }
            }
            j.xgroupCreate(stream, RedisQueueClient.GROUP, new StreamEntryID(0, 0), false);
        }
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                throw new IllegalStateException("XADD ids not ascending at " + i);
            }
        }
        return ids;
    }

    @Override
    public QueueClient open(String stream, int worker) {
        return new RedisQueueClient(redis.connect(), stream, "worker-" + worker, xdel);
    }

    @Override
    public Leftover leftover(String stream, long[] keys) {
        StreamGroupInfo group = null;
        long length;
        try (Jedis j = redis.connect()) {
            for (StreamGroupInfo g : j.xinfoGroups(stream)) {
                if (g.getName().equals(RedisQueueClient.GROUP)) {
                    group = g;
                }
            }
            length = j.xlen(stream);
        }
        List<String> problems = new ArrayList<>();
        if (group == null) {
            problems.add("no consumer group " + RedisQueueClient.GROUP + " on " + stream);
            return new Leftover(length, 0, problems);
        }
        StreamEntryID last = group.getLastDeliveredId();
        long remaining = undelivered(keys, StreamIds.pack(last.getTime(), last.getSequence()));
        long expectedLength = xdel ? remaining + group.getPending() : keys.length;
        if (length != expectedLength) {
            problems.add("XLEN " + length + ", expected " + expectedLength);
        }
        return new Leftover(remaining, group.getPending(), problems);
    }

    /**
     * @param keys the entries' packed ids, ascending
     * @param lastDelivered the group's last delivered id, packed
     * @return how many entries come after it, never delivered to the group
     */
    static long undelivered(long[] keys, long lastDelivered) {
        int at = Arrays.binarySearch(keys, lastDelivered);
        int firstAfter = at >= 0 ? at + 1 : -at - 1;
        return keys.length - firstAfter;
    }

    /**
     * @param appendfsync the server's setting
     * @return e.g. {@code Redis always, XACK+XDEL}
     */
    String describe(String appendfsync) {
        return "Redis " + appendfsync + (xdel ? ", XACK+XDEL" : ", XACK");
    }
}
