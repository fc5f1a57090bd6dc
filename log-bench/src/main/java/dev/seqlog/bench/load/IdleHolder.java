package dev.seqlog.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * IDLE: holds {@code --connections} watch streams open, each on its own session, on a topic nobody writes to,
 * all on one {@link WatchReactor} thread. It measures nothing itself: the server's heap and threads are read
 * from outside (jcmd on the server's pid) while it holds, so it prints a line beginning
 * {@code IDLE established:} the moment every stream has its 200 head, holds them for {@code --hold-ms}, counts
 * how many are still open, and closes them. Called from the main thread.
 */
final class IdleHolder {
    /** How long all streams may take to open, beyond {@link WatchStream#OPEN_TIMEOUT_NANOS} each. */
    private static final long ESTABLISH_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** {@code limit} of the sessions; nothing is written, so it only has to be valid. */
    private static final int LIMIT = 256;

    private final LoadGenOptions opt;
    private final Workloads work;
    private final CountDownLatch settled;
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger failedToOpen = new AtomicInteger();
    private final AtomicInteger droppedAfterOpen = new AtomicInteger();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder events = new LongAdder();

    private IdleHolder(LoadGenOptions opt, Workloads work) {
        this.opt = opt;
        this.work = work;
        this.settled = new CountDownLatch(opt.idleConnections());
    }

    /**
     * Runs the holder.
     *
     * @param opt connections, hold time, heartbeat, target
     * @param work opens the connection the topic and sessions are created on
     * @param topic a fresh topic name
     * @return the outcome: verified if every stream opened and was still open at the end of the hold
     * @throws Exception on transport failure while creating the topic or the sessions
     */
    static WorkloadResult run(LoadGenOptions opt, Workloads work, String topic) throws Exception {
        return new IdleHolder(opt, work).run(topic);
    }

    private WorkloadResult run(String topic) throws Exception {
        int n = opt.idleConnections();
        List<SeqlogHttpClient.Watch> sessions = new ArrayList<>(n);
        long t0 = System.nanoTime();
        try (SeqlogHttpClient c = work.client()) {
            c.createTopic(topic, opt.durability());
            for (int i = 0; i < n; i++) {
                sessions.add(c.createWatch(topic, true, LIMIT, opt.heartbeatMs()));
            }
        }
        long t1 = System.nanoTime();
        int openAtEnd;
        try (WatchReactor reactor = new WatchReactor("loadgen-idle", WatchStream.address(opt))) {
            for (SeqlogHttpClient.Watch w : sessions) {
                reactor.add(WatchStream.of(opt, w, new Watch()));
            }
            boolean allSettled = settled.await(ESTABLISH_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "IDLE established: %d/%d watch streams open on %s (a session each, "
                            + "1 thread; sessions created in %.2f s, streams opened in %.2f s); holding %,d ms%s%n",
                    established.get(), n, topic, (t1 - t0) / 1e9, (t2 - t1) / 1e9, opt.idleHoldMs(),
                    allSettled && established.get() == n ? "" : String.format(Locale.ROOT,
                            "; FAILED: %d refused or lost, %d still opening%s", failedToOpen.get(),
                            n - established.get() - failedToOpen.get(),
                            firstFailure.get() == null ? "" : ", first failure: " + firstFailure.get()));
            System.out.flush();
            Thread.sleep(opt.idleHoldMs());
            openAtEnd = established.get() - droppedAfterOpen.get();
        }
        boolean ok = established.get() == n && openAtEnd == n;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "IDLE held: %d/%d watch streams still open after %,d ms, then closed; "
                        + "dropped by the server %d, heartbeats %,d, events %,d -> %s", openAtEnd, n,
                opt.idleHoldMs(), droppedAfterOpen.get(), heartbeats.sum(), events.sum(), ok ? "OK" : "FAILED"));
        if (droppedAfterOpen.get() > 0 && firstFailure.get() != null) {
            lines.add("   first failure: " + firstFailure.get());
        }
        return WorkloadResult.throughput("IDLE", lines, ok, 0); // it writes nothing: no rate
    }

    /** One held stream; runs on the reactor thread, counts into the holder's shared counters. */
    private final class Watch implements WatchHandler {
        private boolean open;

        @Override
        public void opened(long nanos) {
            open = true;
            established.incrementAndGet();
            settled.countDown();
        }

        @Override
        public boolean event(SseParser.Event e, long arrivedNanos) {
            events.increment(); // caught-up at open; nothing else on an idle topic
            return true;
        }

        @Override
        public void comment(byte[] b, int off, int len) {
            heartbeats.increment();
        }

        @Override
        public boolean tick(long nanos) {
            return true;
        }

        @Override
        public void closed(Throwable cause) {
            if (cause != null) {
                firstFailure.compareAndSet(null, cause);
            }
            if (!open) {
                failedToOpen.incrementAndGet();
                settled.countDown();
            } else if (cause != null) {
                droppedAfterOpen.incrementAndGet();
            }
        }
    }
}
