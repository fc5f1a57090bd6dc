package dev.seqlog.bench.load;

import dev.seqlog.bench.Payloads;
import dev.seqlog.bench.Percentiles;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The four workloads. Each creates or uses its topic, runs a bounded loop, verifies what it wrote and read,
 * and returns a {@link WorkloadResult}. Methods are called from the main thread and start their own
 * worker threads, which they join before returning.
 */
final class Workloads {
    private static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long W3_TIME_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long W4_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final LoadGenOptions opt;
    private final HttpTransport transport;

    Workloads(LoadGenOptions opt, HttpTransport transport) {
        this.opt = opt;
        this.transport = transport;
    }

    SeqlogHttpClient client() throws IOException {
        return new SeqlogHttpClient(transport.open());
    }

    // ---------------------------------------------------------------------------------------------- W1

    /**
     * W1: {@code w1Records} records of {@code payload} bytes in batches from concurrent producers.
     *
     * @param topic a fresh topic
     * @return the result
     * @throws Exception on failure of a producer
     */
    WorkloadResult w1(String topic) throws Exception {
        try (SeqlogHttpClient c = client()) {
            c.createTopic(topic, opt.durability());
        }
        int producers = opt.w1Producers();
        int perProducer = opt.w1Records() / producers;
        int batch = opt.w1Batch();
        ExecutorService pool = Executors.newFixedThreadPool(producers, daemon("loadgen-w1"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int pid = p;
            futures.add(pool.submit(() -> {
                long[] firsts = new long[perProducer / batch];
                ByteSink body = new ByteSink(batch * (opt.payloadBytes() + 16) + 32);
                try (SeqlogHttpClient c = client()) {
                    start.await();
                    for (int b = 0; b < firsts.length; b++) {
                        body.reset().ascii("{\"records\":[");
                        for (int j = 0; j < batch; j++) {
                            int idx = b * batch + j;
                            body.ascii(j == 0 ? "{\"data\":" : ",{\"data\":")
                                    .bytes(Payloads.taggedJsonString("p" + pid + "-" + idx + "-", opt.payloadBytes()))
                                    .ascii("}");
                        }
                        body.ascii("]}");
                        SeqlogHttpClient.Ack ack = c.append(topic, body);
                        if (ack.count() != batch || ack.lastSeq() - ack.firstSeq() != batch - 1) {
                            throw new LoadGenException("W1 ack does not cover the batch: " + ack);
                        }
                        firsts[b] = ack.firstSeq();
                    }
                }
                return firsts;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        List<long[]> acks = new ArrayList<>();
        try {
            for (Future<long[]> f : futures) {
                acks.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;

        // Every acknowledged seq exactly once: the batches tile [1, total] with no overlap and no hole.
        int total = opt.w1Records();
        BitSet seen = new BitSet(total + 1);
        long dup = 0;
        long outOfRange = 0;
        for (long[] firsts : acks) {
            for (long first : firsts) {
                for (long s = first; s < first + batch; s++) {
                    if (s < 1 || s > total) {
                        outOfRange++;
                    } else if (seen.get((int) s)) {
                        dup++;
                    } else {
                        seen.set((int) s);
                    }
                }
            }
        }
        boolean ok = dup == 0 && outOfRange == 0 && seen.cardinality() == total;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "W1 append: %,d records of %d B, batches of %d, %d producers, "
                        + "durability=%s: %,.0f records/s (%.2f s)", total, opt.payloadBytes(), batch, producers,
                opt.durability(), total / secs, secs));
        lines.add(String.format(Locale.ROOT, "   verify: acked seqs distinct=%,d duplicates=%d out-of-range=%d -> %s",
                seen.cardinality(), dup, outOfRange, ok ? "OK" : "FAILED"));
        return WorkloadResult.throughput("W1", lines, ok, total / secs);
    }

    // ---------------------------------------------------------------------------------------------- W2

    /**
     * W2: single-record writes, one in flight; acknowledgement latency.
     *
     * @param topic a fresh topic
     * @return the result
     * @throws IOException on transport failure
     */
    WorkloadResult w2(String topic) throws IOException {
        Histogram h = new Histogram(HIST_MAX_NANOS, 3);
        int warm = opt.w2Warmup();
        int n = opt.w2Records();
        long expectSeq = 1;
        boolean ok = true;
        String problem = "";
        double secs;
        try (SeqlogHttpClient c = client()) {
            c.createTopic(topic, opt.durability());
            ByteSink body = new ByteSink(opt.payloadBytes() + 64);
            long t0 = 0;
            for (int i = 0; i < warm + n; i++) {
                if (i == warm) {
                    t0 = System.nanoTime();
                }
                body.reset().ascii("{\"records\":[{\"data\":")
                        .bytes(Payloads.taggedJsonString("w2-" + i + "-", opt.payloadBytes())).ascii("}]}");
                long s = System.nanoTime();
                SeqlogHttpClient.Ack ack = c.append(topic, body);
                long e = System.nanoTime();
                if (i >= warm) {
                    h.recordValue(Math.min(e - s, HIST_MAX_NANOS));
                }
                if (ack.count() != 1 || ack.firstSeq() != expectSeq) {
                    ok = false;
                    problem = " (write " + i + " acked " + ack + ", expected seq " + expectSeq + ")";
                }
                expectSeq = ack.lastSeq() + 1;
            }
            secs = (System.nanoTime() - t0) / 1e9;
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "W2 ack latency: %,d single-record writes of %d B (after %,d warm-up), "
                + "one in flight, durability=%s: %s; %,.0f writes/s", n, opt.payloadBytes(), warm, opt.durability(),
                percentiles(h), n / secs));
        lines.add("   verify: seqs contiguous from 1, one per write -> " + (ok ? "OK" : "FAILED" + problem));
        return WorkloadResult.latency("W2", lines, ok, n / secs, h);
    }

    // ---------------------------------------------------------------------------------------------- W3

    /**
     * W3: reads the W1 topic from the start with diff at the configured limit.
     *
     * @param topic the topic W1 filled
     * @return the result
     * @throws IOException on transport failure
     */
    WorkloadResult w3(String topic) throws IOException {
        int total = opt.w1Records();
        int producers = opt.w1Producers();
        int perProducer = total / producers;
        BitSet seqs = new BitSet(total + 1);
        BitSet[] ids = new BitSet[producers];
        for (int p = 0; p < producers; p++) {
            ids[p] = new BitSet(perProducer);
        }
        long[] bad = new long[3]; // duplicates, out of range / malformed, out of order
        long[] last = {0};
        long requests = 0;
        long maxRequests = total / opt.w3Limit() * 2L + 100;
        long t0 = System.nanoTime();
        long from = 0;
        boolean tombstone = false;
        try (SeqlogHttpClient c = client()) {
            while (true) {
                SeqlogHttpClient.Page page = c.diff(topic, from, opt.w3Limit(), 0, f -> {
                    if (f.seq <= last[0]) {
                        bad[2]++;
                    }
                    last[0] = f.seq;
                    if (f.seq < 1 || f.seq > total || seqs.get((int) f.seq)) {
                        bad[f.seq >= 1 && f.seq <= total ? 0 : 1]++;
                    } else {
                        seqs.set((int) f.seq);
                    }
                    int[] id = parseId(f.dataString);
                    if (id == null || id[0] >= producers || id[1] >= perProducer) {
                        bad[1]++;
                    } else if (ids[id[0]].get(id[1])) {
                        bad[0]++;
                    } else {
                        ids[id[0]].set(id[1]);
                    }
                });
                requests++;
                tombstone |= page.tombstone();
                from = page.nextFromSeq();
                if (page.caughtUp() && from >= total) {
                    break;
                }
                if (requests > maxRequests || System.nanoTime() - t0 > W3_TIME_LIMIT_NANOS) {
                    bad[1]++;
                    break;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long idCount = 0;
        for (BitSet b : ids) {
            idCount += b.cardinality();
        }
        boolean ok = bad[0] == 0 && bad[1] == 0 && bad[2] == 0 && !tombstone && seqs.cardinality() == total
                && idCount == total;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "W3 diff read: %,d records, limit %d, %,d requests: %,.0f records/s "
                + "(%.2f s)", seqs.cardinality(), opt.w3Limit(), requests, seqs.cardinality() / secs, secs));
        lines.add(String.format(Locale.ROOT, "   verify: seqs=%,d ids=%,d duplicates=%d malformed/out-of-range=%d "
                        + "out-of-order=%d tombstone=%s -> %s", seqs.cardinality(), idCount, bad[0], bad[1], bad[2],
                tombstone, ok ? "OK" : "FAILED"));
        return WorkloadResult.throughput("W3", lines, ok, seqs.cardinality() / secs);
    }

    /** Parses {@code p<producer>-<index>-xxx} into {producer, index}, or null. */
    static int[] parseId(String s) {
        if (s == null || s.length() < 4 || s.charAt(0) != 'p') {
            return null;
        }
        int dash1 = s.indexOf('-', 1);
        int dash2 = dash1 < 0 ? -1 : s.indexOf('-', dash1 + 1);
        if (dash2 < 0) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(s, 1, dash1, 10), Integer.parseInt(s, dash1 + 1, dash2, 10)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- W4

    /**
     * W4: readers tail a topic while senders write one record per interval; write-to-delivery latency from the
     * send timestamp embedded in each record. The readers are long-poll loops, one thread each, or with
     * {@code --tail sse} watch streams multiplexed over {@code --sse-threads} threads ({@link SseTail}).
     *
     * @param topic a fresh topic
     * @return the result
     * @throws Exception on failure of a reader or sender
     */
    WorkloadResult w4(String topic) throws Exception {
        try (SeqlogHttpClient c = client()) {
            c.createTopic(topic, opt.durability());
        }
        int n = (int) (opt.w4DurationMs() * 1000L / opt.w4IntervalMicros());
        int readers = opt.w4Readers();
        int senders = opt.w4Senders();
        boolean sse = opt.tail() == LoadGenOptions.TailMode.SSE;
        ExecutorService pool = Executors.newFixedThreadPool(senders + (sse ? 0 : readers), daemon("loadgen-w4"));
        AtomicLong maxLagNanos = new AtomicLong();
        List<Future<Histogram>> senderFutures = new ArrayList<>();
        AtomicLong senderEnd = new AtomicLong(); // 0 until every sender has finished
        SseTail sseTail = null;
        try {
            List<Future<TailVerifier>> readerFutures;
            if (sse) {
                try (SeqlogHttpClient c = client()) {
                    sseTail = SseTail.start(opt, c, topic, n, senderEnd, W4_DRAIN_NANOS);
                }
                sseTail.awaitOpen(TimeUnit.SECONDS.toNanos(60));
                readerFutures = sseTail.results();
            } else {
                readerFutures = longPollReaders(pool, topic, n, senderEnd);
            }
            long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            long interval = TimeUnit.MICROSECONDS.toNanos(opt.w4IntervalMicros());
            for (int s = 0; s < senders; s++) {
                final int sid = s;
                senderFutures.add(pool.submit(() -> send(topic, sid, n, startNanos, interval, maxLagNanos)));
            }
            TailReport report = TailReport.collect(senderFutures, senderEnd, readerFutures,
                    W4_DRAIN_NANOS + TimeUnit.SECONDS.toNanos(10));
            long producedNanos = System.nanoTime() - startNanos;
            String how = sse
                    ? String.format(Locale.ROOT, "%d SSE watchers (a watch session and stream each, %d selector "
                            + "thread%s)", readers, Math.min(opt.sseThreads(), readers),
                            Math.min(opt.sseThreads(), readers) == 1 ? "" : "s")
                    : String.format(Locale.ROOT, "%d long-poll readers (wait_ms=%d)", readers, opt.w4WaitMs());
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "W4 tail latency: %s, %,d records, "
                            + "1 per %d us over %d senders (%,.0f records/s achieved, max schedule lag %.2f ms), "
                            + "durability=%s", how, n, opt.w4IntervalMicros(), senders,
                    n / (producedNanos / 1e9), maxLagNanos.get() / 1e6, opt.durability()));
            lines.addAll(report.lines());
            boolean ok = report.verified();
            if (sse) {
                lines.add(sseTail.line(report.delivery().getTotalCount()));
                ok &= sseTail.clean();
            }
            return WorkloadResult.latency("W4", lines, ok, n / (producedNanos / 1e9), report.delivery());
        } catch (ExecutionException | TimeoutException e) {
            throw new LoadGenException("W4 failed: " + e, e);
        } finally {
            pool.shutdownNow();
            if (sseTail != null) {
                sseTail.close();
            }
        }
    }

    /** Starts the long-poll readers on the pool and waits until each has its connection. */
    private List<Future<TailVerifier>> longPollReaders(ExecutorService pool, String topic, int n,
                                                       AtomicLong senderEnd) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(opt.w4Readers());
        List<Future<TailVerifier>> out = new ArrayList<>();
        for (int r = 0; r < opt.w4Readers(); r++) {
            out.add(pool.submit(() -> tail(topic, n, ready, senderEnd)));
        }
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new LoadGenException("W4 readers did not start");
        }
        return out;
    }

    /** One W4 sender: writes indexes {@code sid, sid + senders, ...} on the shared schedule. */
    private Histogram send(String topic, int sid, int n, long startNanos, long interval, AtomicLong maxLagNanos)
            throws IOException {
        int senders = opt.w4Senders();
        Histogram ackHist = new Histogram(HIST_MAX_NANOS, 3);
        ByteSink body = new ByteSink(128);
        try (SeqlogHttpClient c = client()) {
            for (int i = sid; i < n; i += senders) {
                Pacing.awaitSchedule(startNanos + i * interval, maxLagNanos);
                long t = System.nanoTime();
                body.reset().ascii("{\"records\":[{\"data\":{\"i\":").num(i).ascii(",\"t\":").num(t)
                        .ascii("}}]}");
                SeqlogHttpClient.Ack ack = c.append(topic, body);
                ackHist.recordValue(Math.min(System.nanoTime() - t, HIST_MAX_NANOS));
                if (ack.count() != 1) {
                    throw new LoadGenException("W4 ack for one record: " + ack);
                }
            }
        }
        return ackHist;
    }

    private TailVerifier tail(String topic, int n, CountDownLatch ready, AtomicLong senderEnd) throws IOException {
        TailVerifier v = new TailVerifier(n, opt.w4WarmupRecords());
        long from = 0;
        try (SeqlogHttpClient c = client()) {
            ready.countDown();
            long[] arrived = new long[1];
            while (!v.sawAll()) {
                long end = senderEnd.get();
                if (end != 0 && System.nanoTime() - end > W4_DRAIN_NANOS) {
                    break;
                }
                SeqlogHttpClient.Page page = c.diff(topic, from, 1000, opt.w4WaitMs(), f -> {
                    if (arrived[0] == 0) {
                        arrived[0] = System.nanoTime(); // the response carrying this record arrived
                    }
                    v.delivered(f.seq, f.i, f.t, arrived[0]);
                });
                arrived[0] = 0;
                from = page.nextFromSeq();
            }
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------- common

    static String percentiles(Histogram h) {
        return Percentiles.line(h);
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong seq = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
