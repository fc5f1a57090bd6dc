package dev.seqlog.bench.redis;

import dev.seqlog.bench.load.LoadGenOptions;
import dev.seqlog.bench.load.TailReport;
import dev.seqlog.bench.load.Pacing;
import dev.seqlog.bench.load.TailVerifier;
import dev.seqlog.bench.load.WorkloadResult;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W4 on Redis: {@code w4Readers} readers, each on its own connection, loop on
 * {@code XREAD BLOCK <w4WaitMs> COUNT 1000 STREAMS <stream> <last id>} while {@code w4Senders} connections
 * share a schedule of one {@code XADD} per {@code w4IntervalMicros} for {@code w4DurationMs}, exactly as the
 * seqlog side's long-poll readers and senders do. Each entry carries its index and the sender's
 * {@code System.nanoTime()}; readers and senders share this JVM, so a reader subtracts it from the time the
 * reply carrying the entry arrived. Called from one thread; starts and joins its own workers.
 */
final class RedisTail {
    private static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int READ_COUNT = 1000;

    private RedisTail() {
    }

    /**
     * @param redis the server
     * @param opt the counts (readers, senders, duration, interval, wait)
     * @param stream a stream key not yet in use
     * @param appendfsync for the summary line
     * @return the result
     * @throws Exception on failure of a reader or sender
     */
    static WorkloadResult run(RedisEndpoint redis, LoadGenOptions opt, String stream, String appendfsync)
            throws Exception {
        int n = (int) (opt.w4DurationMs() * 1000L / opt.w4IntervalMicros());
        int readers = opt.w4Readers();
        int senders = opt.w4Senders();
        ExecutorService pool = Executors.newFixedThreadPool(readers + senders, Threads.daemon("redis-w4"));
        CountDownLatch ready = new CountDownLatch(readers);
        AtomicLong senderEnd = new AtomicLong(); // 0 until every sender has finished
        AtomicLong maxLagNanos = new AtomicLong();
        List<Future<TailVerifier>> readerFutures = new ArrayList<>();
        List<Future<Histogram>> senderFutures = new ArrayList<>();
        try {
            for (int r = 0; r < readers; r++) {
                readerFutures.add(pool.submit(() -> tail(redis, stream, n, opt.w4WarmupRecords(), opt.w4WaitMs(), ready,
                        senderEnd)));
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("W4 readers did not start");
            }
            long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            long interval = TimeUnit.MICROSECONDS.toNanos(opt.w4IntervalMicros());
            for (int s = 0; s < senders; s++) {
                final int sid = s;
                senderFutures.add(pool.submit(() -> send(redis, stream, sid, senders, n, startNanos, interval,
                        maxLagNanos)));
            }
            TailReport report = TailReport.collect(senderFutures, senderEnd, readerFutures,
                    DRAIN_NANOS + TimeUnit.SECONDS.toNanos(10));
            long producedNanos = System.nanoTime() - startNanos;
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "W4 tail latency: %d XREAD BLOCK readers (block=%d ms), %,d entries, "
                            + "1 per %d us over %d senders (%,.0f records/s achieved, max schedule lag %.2f ms), "
                            + "appendfsync=%s", readers, opt.w4WaitMs(), n, opt.w4IntervalMicros(), senders,
                    n / (producedNanos / 1e9), maxLagNanos.get() / 1e6, appendfsync));
            lines.addAll(report.lines());
            return WorkloadResult.latency("W4", lines, report.verified(), n / (producedNanos / 1e9), report.delivery());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("W4 on Redis failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Histogram send(RedisEndpoint redis, String stream, int sid, int senders, int n, long startNanos,
                                  long interval, AtomicLong maxLagNanos) {
        Histogram acks = new Histogram(HIST_MAX_NANOS, 3);
        XAddParams auto = XAddParams.xAddParams();
        try (Jedis j = redis.connect()) {
            for (int i = sid; i < n; i += senders) {
                Pacing.awaitSchedule(startNanos + i * interval, maxLagNanos);
                long t = System.nanoTime();
                j.xadd(stream, auto, Map.of("i", Integer.toString(i), "t", Long.toString(t)));
                acks.recordValue(Math.min(System.nanoTime() - t, HIST_MAX_NANOS));
            }
        }
        return acks;
    }

    private static TailVerifier tail(RedisEndpoint redis, String stream, int n, int warmup, int blockMs,
                                     CountDownLatch ready, AtomicLong senderEnd) {
        TailVerifier v = new TailVerifier(n, warmup);
        StreamEntryID after = new StreamEntryID(0, 0);
        XReadParams params = XReadParams.xReadParams().block(blockMs).count(READ_COUNT);
        try (Jedis j = redis.connect()) {
            ready.countDown();
            while (!v.sawAll()) {
                long end = senderEnd.get();
                if (end != 0 && System.nanoTime() - end > DRAIN_NANOS) {
                    break;
                }
                List<Map.Entry<String, List<StreamEntry>>> reply = j.xread(params, Map.of(stream, after));
                long arrived = System.nanoTime();
                if (reply == null) {
                    continue; // the block timed out with nothing new
                }
                for (Map.Entry<String, List<StreamEntry>> s : reply) {
                    for (StreamEntry e : s.getValue()) {
                        StreamEntryID id = e.getID();
                        v.delivered(StreamIds.pack(id.getTime(), id.getSequence()), number(e, "i"), number(e, "t"),
                                arrived);
                        after = id;
                    }
                }
            }
        }
        return v;
    }

    private static long number(StreamEntry e, String field) {
        String s = e.getFields().get(field);
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException ex) {
            return -1;
        }
    }
}
