package dev.seqlog.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W4's readers in SSE mode: one watch session and one event stream per watcher on the W4 topic, all streams
 * multiplexed over {@code --sse-threads} {@link WatchReactor} threads, each verified by its
 * {@link SseTailWatcher}. Created and closed by the thread that runs W4.
 */
final class SseTail implements AutoCloseable {
    /** Records per {@code record} frame, as the long-poll readers ask of diff. */
    static final int FRAME_LIMIT = 1000;

    private final List<WatchReactor> reactors = new ArrayList<>();
    private final List<SseTailWatcher> watchers = new ArrayList<>();

    private SseTail() {
    }

    /**
     * Creates {@code w4Readers} sessions starting at the topic's head, then queues their streams on the reactors.
     *
     * @param opt target, key, watcher and thread counts, heartbeat
     * @param sessions a connection to create the sessions on
     * @param topic the W4 topic, created and still empty
     * @param expected records the senders will write
     * @param senderEnd a non-zero nanoTime once every sender has finished
     * @param drainNanos how long after that a watcher waits for missing records
     * @return the tail, its streams connecting
     * @throws IOException if a session cannot be created or a selector opened
     */
    static SseTail start(LoadGenOptions opt, SeqlogHttpClient sessions, String topic, int expected,
                         AtomicLong senderEnd, long drainNanos) throws IOException {
        SseTail tail = new SseTail();
        try {
            List<SeqlogHttpClient.Watch> made = new ArrayList<>();
            for (int r = 0; r < opt.w4Readers(); r++) {
                made.add(sessions.createWatch(topic, true, FRAME_LIMIT, opt.heartbeatMs()));
            }
            InetSocketAddress address = WatchStream.address(opt);
            int threads = Math.min(opt.sseThreads(), opt.w4Readers());
            for (int t = 0; t < threads; t++) {
                tail.reactors.add(new WatchReactor("loadgen-w4-sse-" + (t + 1), address));
            }
            for (int r = 0; r < made.size(); r++) {
                SseTailWatcher w = new SseTailWatcher(expected, opt.w4WarmupRecords(), made.get(r).fromSeq(), senderEnd,
                        drainNanos);
                tail.watchers.add(w);
                tail.reactors.get(r % threads).add(WatchStream.of(opt, made.get(r), w));
            }
            return tail;
        } catch (IOException | RuntimeException e) {
            tail.close();
            throw e;
        }
    }

    /**
     * Waits until every stream has its 200 head, so the senders start on streams that are all attached.
     *
     * @param timeoutNanos how long to wait
     * @throws InterruptedException if interrupted
     * @throws LoadGenException if a stream failed or did not open in time
     */
    void awaitOpen(long timeoutNanos) throws InterruptedException {
        CompletableFuture<?>[] opens = watchers.stream().map(SseTailWatcher::open).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(opens).get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new LoadGenException("W4 watch stream did not open: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            long open = watchers.stream().filter(w -> w.open().isDone()).count();
            throw new LoadGenException("W4 watch streams did not open in time: " + open + " of " + watchers.size(), e);
        }
    }

    /** @return each watcher's verifier, completed when its stream closes */
    List<Future<TailVerifier>> results() {
        List<Future<TailVerifier>> out = new ArrayList<>();
        for (SseTailWatcher w : watchers) {
            out.add(w.result());
        }
        return out;
    }

    /** @return whether no watcher saw a tombstone or a break in its cursor; call after {@link #results()} completed */
    boolean clean() {
        return watchers.stream().allMatch(w -> w.tombstones() == 0 && w.cursorBreaks() == 0);
    }

    /** @return the stream counters line of the summary; call after {@link #results()} completed */
    String line(long deliveries) {
        long frames = 0;
        long caughtUp = 0;
        long heartbeats = 0;
        long tombstones = 0;
        long errors = 0;
        long breaks = 0;
        for (SseTailWatcher w : watchers) {
            frames += w.recordFrames();
            caughtUp += w.caughtUp();
            heartbeats += w.heartbeats();
            tombstones += w.tombstones();
            errors += w.errorFrames();
            breaks += w.cursorBreaks();
        }
        return String.format(Locale.ROOT, "   sse: %,d record frames (%.2f records/frame), caught-up=%d "
                        + "heartbeats=%d non-terminal-errors=%d tombstones=%d cursor-breaks=%d -> %s", frames,
                frames == 0 ? 0.0 : (double) deliveries / frames, caughtUp, heartbeats, errors, tombstones, breaks,
                tombstones == 0 && breaks == 0 ? "OK" : "FAILED");
    }

    /** Closes every stream and stops the reactor threads. */
    @Override
    public void close() {
        for (WatchReactor r : reactors) {
            r.close();
        }
    }
}
