package dev.seqlog.bench.router;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.bench.Payloads;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One latency run on a fresh engine (default options, throw-away data directory): one writer, one record per
 * append, on a fixed schedule of R writes per second (a write late for its slot goes at once, so a slow record
 * does not thin the schedule). Before each write it arms {@code awaitHead} on every topic where the record is
 * read; the callbacks stamp the time, so nothing polls. The first quarter-run of writes warms up unmeasured.
 * Stateless; the caller's thread writes and the engine's threads stamp.
 */
final class LatencyRun {
    /** Latencies above this are recorded as this. */
    static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private LatencyRun() {
    }

    /**
     * @param scratchParent where the data directory is created
     * @param durability the class of every topic
     * @param side direct or forwarding
     * @param fanout routers out of the source (forwarding only)
     * @param warmup unmeasured writes first
     * @param samples measured writes
     * @param rate writes per second
     * @return the run
     * @throws Exception if the engine fails
     */
    static LatencyResult measure(Path scratchParent, Durability durability, Side side, int fanout, int warmup,
                                 int samples, int rate) throws Exception {
        try (ScratchDir dir = ScratchDir.create(scratchParent, "seqlog-routers-");
             SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data"))
                     .build())) {
            Topology topics = Topology.of(side, "lat", fanout);
            topics.create(log, durability);
            return run(log, topics, side, warmup, samples, rate);
        }
    }

    private static LatencyResult run(EventLog log, Topology topics, Side side, int warmup, int samples, int rate)
            throws InterruptedException {
        AppendRequest write = AppendRequest.of(RecordInput.json(Payloads.jsonString(Workload.PAYLOAD_BYTES)));
        int total = warmup + samples;
        long[] started = new long[samples];
        long[] visibleAt = new long[samples];
        long[] ackedAt = new long[samples];
        CompletableFuture<?>[] done = new CompletableFuture<?>[samples * 2];
        AtomicReference<String> problem = new AtomicReference<>();
        List<String> problems = new ArrayList<>();
        Arrival last = Arrival.arm(log, topics.readAt(), total);
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            sleepUntil(t0 + i * period);
            long seq = i + 1;
            int s = i - warmup;
            CompletableFuture<?> visible = visible(log, topics.readAt(), seq);
            if (s >= 0) {
                done[2 * s] = visible.thenRun(() -> visibleAt[s] = System.nanoTime());
            }
            long begin = System.nanoTime();
            CompletableFuture<?> acked;
            try {
                acked = log.appendAsync(topics.source(), write).thenAccept(r -> {
                    if (r.firstSeq() != seq || r.count() != 1) {
                        problem.compareAndSet(null, "write " + seq + " was acknowledged as " + r);
                    }
                });
            } catch (RuntimeException e) {
                acked = CompletableFuture.failedFuture(e);
            }
            if (s >= 0) {
                started[s] = begin;
                done[2 * s + 1] = acked.thenRun(() -> ackedAt[s] = System.nanoTime());
            }
            acked.whenComplete((v, e) -> {
                if (e != null) {
                    problem.compareAndSet(null, "write " + seq + " failed: " + e);
                }
            });
            if (problem.get() != null) {
                break;
            }
        }
        double achieved = samples < 2 ? Double.NaN
                : (samples - 1) * 1e9 / (started[samples - 1] - started[0]);
        String late = problem.get() == null ? last.await(log) : null;
        if (problem.get() != null) {
            problems.add(problem.get());
        } else if (late != null) {
            problems.add(late);
        } else {
            settle(done, problems);
            CopyCheck.counts(log, topics.source(), total, problems);
            for (String t : topics.dests()) {
                CopyCheck.counts(log, t, total, problems);
            }
            CopyCheck.routers(log, topics, total, problems);
        }
        Histogram visible = new Histogram(HIST_MAX_NANOS, 3);
        Histogram ack = new Histogram(HIST_MAX_NANOS, 3);
        if (problems.isEmpty()) {
            for (int s = 0; s < samples; s++) {
                visible.recordValue(Math.min(HIST_MAX_NANOS, visibleAt[s] - started[s]));
                ack.recordValue(Math.min(HIST_MAX_NANOS, ackedAt[s] - started[s]));
            }
        }
        return new LatencyResult(side, visible, ack, achieved, problems);
    }

    /** The record at {@code seq} visible in every topic: for fan-out, in the last of them. */
    private static CompletableFuture<?> visible(EventLog log, List<String> topics, long seq) {
        if (topics.size() == 1) {
            return log.awaitHead(topics.get(0), seq - 1);
        }
        CompletableFuture<?>[] each = new CompletableFuture<?>[topics.size()];
        for (int k = 0; k < each.length; k++) {
            each[k] = log.awaitHead(topics.get(k), seq - 1);
        }
        return CompletableFuture.allOf(each);
    }

    /** Waits for every stamp; by now the last record is visible everywhere, so they are at most a moment away. */
    private static void settle(CompletableFuture<?>[] done, List<String> problems) throws InterruptedException {
        try {
            CompletableFuture.allOf(done).get(Arrival.STALL_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            problems.add("a write or its wait failed: " + e.getCause());
        } catch (TimeoutException e) {
            problems.add("some writes were never stamped visible or acknowledged");
        }
    }

    /** Parks (does not spin) until the write's slot. */
    private static void sleepUntil(long due) {
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
