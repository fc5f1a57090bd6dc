package dev.seqlog.bench.queue;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W workers, each with its own client, looping claim → ack of exactly the claimed jobs, one request in flight
 * per worker, until a claim comes back empty or the time budget has passed. Times every claim that returned
 * jobs and every ack, and notes every key acked. Called from one thread; starts and joins its workers.
 */
final class QueueWorkers {
    /** Latencies above this are recorded as this; nothing in a run of seconds comes near it. */
    static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private QueueWorkers() {
    }

    /**
     * What the workers did together. Mutable only while being merged; confined to the calling thread.
     *
     * @param keys every key acked, in no particular order
     * @param claim latency of the claims that returned jobs, ns
     * @param ack latency of the acks, ns
     * @param completed jobs the server reported completed
     * @param shortfall jobs named in an ack and not reported completed
     * @param drained whether every worker stopped on an empty claim
     * @param nanos from the start signal until the last worker stopped
     */
    record Totals(long[] keys, Histogram claim, Histogram ack, long completed, long shortfall, boolean drained,
                  long nanos) {
    }

    /** One worker's share; confined to that worker until returned. */
    private record Share(LongList keys, Histogram claim, Histogram ack, long completed, long shortfall,
                         boolean drained) {
    }

    /**
     * @param target the server
     * @param queue a filled queue
     * @param workers worker threads
     * @param batch jobs per claim
     * @param budgetMs time after which workers stop claiming (each finishes the ack in hand)
     * @return the totals
     * @throws Exception the first worker failure
     */
    static Totals run(QueueTarget target, String queue, int workers, int batch, long budgetMs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("queue-worker"));
        CountDownLatch connected = new CountDownLatch(workers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong deadline = new AtomicLong();
        List<Future<Share>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                int id = w;
                futures.add(pool.submit(() -> {
                    QueueClient c;
                    try {
                        c = target.open(queue, id);
                    } finally {
                        connected.countDown(); // a worker that could not connect must not hold the start back
                    }
                    try (c) {
                        start.await();
                        return loop(c, batch, deadline.get());
                    }
                }));
            }
            connected.await();
            long t0 = System.nanoTime();
            deadline.set(t0 + TimeUnit.MILLISECONDS.toNanos(budgetMs));
            start.countDown();
            List<Share> shares = new ArrayList<>();
            for (Future<Share> f : futures) {
                shares.add(get(f));
            }
            return merge(shares, System.nanoTime() - t0);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Share loop(QueueClient c, int batch, long deadline) throws Exception {
        long[] keys = new long[batch];
        LongList acked = new LongList();
        Histogram claimNanos = new Histogram(HIST_MAX_NANOS, 3);
        Histogram ackNanos = new Histogram(HIST_MAX_NANOS, 3);
        long completed = 0;
        long shortfall = 0;
        boolean drained = false;
        while (System.nanoTime() - deadline < 0) {
            long t0 = System.nanoTime();
            int n = c.claim(batch, keys);
            long t1 = System.nanoTime();
            if (n == 0) {
                drained = true; // the empty claim is the end signal, not a job-bearing operation: not timed
                break;
            }
            int done = c.ackClaimed();
            long t2 = System.nanoTime();
            claimNanos.recordValue(Math.min(t1 - t0, HIST_MAX_NANOS));
            ackNanos.recordValue(Math.min(t2 - t1, HIST_MAX_NANOS));
            for (int i = 0; i < n; i++) {
                acked.add(keys[i]);
            }
            completed += done;
            shortfall += Math.max(0, n - done);
        }
        return new Share(acked, claimNanos, ackNanos, completed, shortfall, drained);
    }

    private static Totals merge(List<Share> shares, long nanos) {
        int n = 0;
        for (Share s : shares) {
            n += s.keys().size();
        }
        long[] keys = new long[n];
        Histogram claim = new Histogram(HIST_MAX_NANOS, 3);
        Histogram ack = new Histogram(HIST_MAX_NANOS, 3);
        long completed = 0;
        long shortfall = 0;
        boolean drained = true;
        int at = 0;
        for (Share s : shares) {
            s.keys().copyTo(keys, at);
            at += s.keys().size();
            claim.add(s.claim());
            ack.add(s.ack());
            completed += s.completed();
            shortfall += s.shortfall();
            drained &= s.drained();
        }
        return new Totals(keys, claim, ack, completed, shortfall, drained, nanos);
    }

    private static Share get(Future<Share> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong seq = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
