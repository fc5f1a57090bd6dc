package dev.seqlog.bench.redis;

import dev.seqlog.bench.Payloads;
import dev.seqlog.bench.load.LoadGenOptions;
import dev.seqlog.bench.load.SeqlogWorkloads;
import dev.seqlog.bench.load.WorkloadResult;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * W2 on Redis: single {@code XADD}s on one connection, one in flight, timing each from send to reply, after
 * a warm-up; the same payload sizes and counts as the seqlog side. Confined to the calling thread.
 */
final class RedisSingleWrites {
    private static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final byte[] FIELD = RedisProduce.FIELD.getBytes(StandardCharsets.US_ASCII);

    private RedisSingleWrites() {
    }

    /**
     * @param redis the server
     * @param opt the counts (payload, warm-up, measured writes)
     * @param stream a stream key not yet in use
     * @param appendfsync for the summary line
     * @return the result
     */
    static WorkloadResult run(RedisEndpoint redis, LoadGenOptions opt, String stream, String appendfsync) {
        Histogram h = new Histogram(HIST_MAX_NANOS, 3);
        int warm = opt.w2Warmup();
        int n = opt.w2Records();
        byte[] key = stream.getBytes(StandardCharsets.UTF_8);
        XAddParams auto = XAddParams.xAddParams();
        long outOfOrder = 0;
        long last = -1;
        long length;
        double secs;
        try (Jedis j = redis.connect()) {
            long t0 = 0;
            for (int i = 0; i < warm + n; i++) {
                if (i == warm) {
                    t0 = System.nanoTime();
                }
                Map<byte[], byte[]> fields = Map.of(FIELD, Payloads.taggedJsonString("w2-" + i + "-", opt.payloadBytes()));
                long s = System.nanoTime();
                byte[] id = j.xadd(key, auto, fields);
                long e = System.nanoTime();
                if (i >= warm) {
                    h.recordValue(Math.min(e - s, HIST_MAX_NANOS));
                }
                long packed = StreamIds.parse(id);
                if (packed <= last) {
                    outOfOrder++;
                }
                last = packed;
            }
            secs = (System.nanoTime() - t0) / 1e9;
            length = j.xlen(key);
        }
        boolean ok = outOfOrder == 0 && length == warm + n;
        List<String> lines = List.of(
                String.format(Locale.ROOT, "W2 XADD latency: %,d single-entry writes of %d B (after %,d warm-up), "
                                + "one in flight, appendfsync=%s: %s; %,.0f writes/s", n, opt.payloadBytes(), warm,
                        appendfsync, SeqlogWorkloads.percentiles(h), n / secs),
                String.format(Locale.ROOT, "   verify: ids ascending (out-of-order=%d), XLEN=%,d of %,d -> %s",
                        outOfOrder, length, warm + n, ok ? "OK" : "FAILED"));
        return WorkloadResult.latency("W2", lines, ok, n / secs, h);
    }
}
