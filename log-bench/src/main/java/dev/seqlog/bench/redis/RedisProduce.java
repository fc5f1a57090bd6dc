package dev.seqlog.bench.redis;

import dev.seqlog.bench.Payloads;
import dev.seqlog.bench.load.LoadGenOptions;
import dev.seqlog.bench.load.WorkloadResult;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.XAddParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * W1 on Redis: {@code w1Records} entries from {@code w1Producers} connections, each sending pipelines of
 * {@code w1Batch} {@code XADD <stream> * d <payload>} and waiting for the replies ({@code sync}) before the
 * next pipeline, as a seqlog producer waits for each batch's acknowledgement. The payloads are the bytes the
 * seqlog producers send, tagged with producer and index so W3 can check every entry. Called from one
 * thread; starts and joins its own producers.
 */
final class RedisProduce {
    /** The stream's single field; a name of one byte keeps Redis's per-entry overhead small. */
    static final String FIELD = "d";
    private static final byte[] FIELD_BYTES = FIELD.getBytes(StandardCharsets.US_ASCII);

    private RedisProduce() {
    }

    /**
     * @param redis the server
     * @param opt the counts (payload, records, producers, batch)
     * @param stream a stream key not yet in use
     * @param appendfsync for the summary line
     * @return the result
     * @throws Exception on failure of a producer
     */
    static WorkloadResult run(RedisEndpoint redis, LoadGenOptions opt, String stream, String appendfsync)
            throws Exception {
        int producers = opt.w1Producers();
        int perProducer = opt.w1Records() / producers;
        int batch = opt.w1Batch();
        byte[] key = stream.getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(producers, Threads.daemon("redis-w1"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int pid = p;
            futures.add(pool.submit(() -> produce(redis, opt, key, pid, perProducer, batch, start)));
        }
        long t0 = System.nanoTime();
        start.countDown();
        List<long[]> ids = new ArrayList<>();
        try {
            for (Future<long[]> f : futures) {
                ids.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long length;
        try (Jedis j = redis.connect()) {
            length = j.xlen(stream);
        }
        Check check = check(ids, opt.w1Records(), length);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "W1 XADD: %,d entries of %d B, pipelines of %d, %d producers, "
                        + "appendfsync=%s: %,.0f records/s (%.2f s)", opt.w1Records(), opt.payloadBytes(), batch,
                producers, appendfsync, opt.w1Records() / secs, secs));
        lines.add(String.format(Locale.ROOT, "   verify: replies=%,d distinct ids=%,d per-connection out-of-order=%d "
                + "XLEN=%,d -> %s", check.replies, check.distinct, check.outOfOrder, length, check.ok ? "OK" : "FAILED"));
        return WorkloadResult.throughput("W1", lines, check.ok, opt.w1Records() / secs);
    }

    private static long[] produce(RedisEndpoint redis, LoadGenOptions opt, byte[] key, int pid, int perProducer,
                                  int batch, CountDownLatch start) throws InterruptedException {
        long[] ids = new long[perProducer];
        List<Response<byte[]>> replies = new ArrayList<>(batch);
        XAddParams auto = XAddParams.xAddParams(); // id "*": the server assigns it
        try (Jedis j = redis.connect(); Pipeline pipe = j.pipelined()) {
            start.await();
            for (int b = 0; b < perProducer / batch; b++) {
                replies.clear();
                for (int k = 0; k < batch; k++) {
                    int idx = b * batch + k;
                    byte[] payload = Payloads.taggedJsonString("p" + pid + "-" + idx + "-", opt.payloadBytes());
                    replies.add(pipe.xadd(key, auto, Map.of(FIELD_BYTES, payload)));
                }
                pipe.sync();
                for (int k = 0; k < batch; k++) {
                    ids[b * batch + k] = StreamIds.parse(replies.get(k).get());
                }
            }
        }
        return ids;
    }

    /** What the replies prove; immutable. */
    record Check(long replies, long distinct, long outOfOrder, boolean ok) {
    }

    /**
     * Every reply an id, each connection's ids ascending (ids only grow), all ids distinct, and the stream
     * holding exactly as many entries as were written.
     *
     * @param perProducer the packed ids each producer received, in reply order
     * @param expected entries written
     * @param length XLEN afterwards
     * @return the check
     */
    static Check check(List<long[]> perProducer, long expected, long length) {
        long outOfOrder = 0;
        int n = 0;
        for (long[] ids : perProducer) {
            for (int i = 1; i < ids.length; i++) {
                if (ids[i] <= ids[i - 1]) {
                    outOfOrder++;
                }
            }
            n += ids.length;
        }
        long[] all = new long[n];
        int at = 0;
        for (long[] ids : perProducer) {
            System.arraycopy(ids, 0, all, at, ids.length);
            at += ids.length;
        }
        Arrays.sort(all);
        long distinct = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++) {
            if (all[i] != all[i - 1]) {
                distinct++;
            }
        }
        boolean ok = n == expected && distinct == expected && outOfOrder == 0 && length == expected;
        return new Check(n, distinct, outOfOrder, ok);
    }
}
