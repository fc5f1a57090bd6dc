package dev.seqlog.bench.router;

import dev.seqlog.api.EventLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The moment a seq is visible in every one of a set of topics, taken by {@code awaitHead} futures armed before
 * the writes, so nothing polls while the writer runs: the time is read in the callback of the last future to
 * complete. Thread-safe: the callbacks run on the engine's threads, the waiting on the caller's.
 */
final class Arrival {
    /** The wait gives up when no topic's head moved for this long. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<String> topics;
    private final long seq;
    private final List<CompletableFuture<Long>> waits;
    private final CompletableFuture<Void> all;
    private final AtomicLong lastNanos = new AtomicLong();

    private Arrival(List<String> topics, long seq, List<CompletableFuture<Long>> waits) {
        this.topics = List.copyOf(topics);
        this.seq = seq;
        this.waits = waits;
        // wait for the callbacks, not the futures, so the time is set before the wait returns
        CompletableFuture<?>[] stamped = new CompletableFuture<?>[waits.size()];
        for (int i = 0; i < stamped.length; i++) {
            stamped[i] = waits.get(i).whenComplete((h, e) -> lastNanos.accumulateAndGet(System.nanoTime(),
                    Math::max));
        }
        this.all = CompletableFuture.allOf(stamped);
    }

    /**
     * @param log the engine
     * @param topics where to wait
     * @param seq the seq each must show
     * @return the armed arrival
     */
    static Arrival arm(EventLog log, List<String> topics, long seq) {
        List<CompletableFuture<Long>> waits = new ArrayList<>(topics.size());
        for (String t : topics) {
            waits.add(log.awaitHead(t, seq - 1));
        }
        return new Arrival(topics, seq, waits);
    }

    /**
     * Waits until every topic shows the seq, reading the heads once a second only to notice a stall.
     *
     * @param log the engine
     * @return null once arrived, or what went wrong (the waits are then cancelled)
     * @throws InterruptedException if interrupted while waiting
     */
    String await(EventLog log) throws InterruptedException {
        long seen = -1;
        long since = System.nanoTime();
        while (true) {
            try {
                all.get(1, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return "waiting for seq " + seq + " failed: " + e.getCause();
            } catch (TimeoutException e) {
                long heads = heads(log);
                long now = System.nanoTime();
                if (heads != seen) {
                    seen = heads;
                    since = now;
                } else if (now - since > STALL_NANOS) {
                    waits.forEach(w -> w.cancel(false));
                    return String.format(Locale.ROOT, "stalled: no head moved for %d s waiting for seq %d; heads %s",
                            TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS), seq, headList(log));
                }
            }
        }
    }

    /** @return when the last topic showed the seq; meaningful once {@link #await} returned null */
    long lastNanos() {
        return lastNanos.get();
    }

    /**
     * @param log the engine
     * @return the copies still missing across the topics now: seq minus head, summed
     */
    long missing(EventLog log) {
        long missing = 0;
        for (String t : topics) {
            missing += Math.max(0, seq - log.state(t).headSeq());
        }
        return missing;
    }

    private long heads(EventLog log) {
        long sum = 0;
        for (String t : topics) {
            sum += log.state(t).headSeq();
        }
        return sum;
    }

    private String headList(EventLog log) {
        List<String> out = new ArrayList<>();
        for (String t : topics) {
            out.add(t + "=" + log.state(t).headSeq());
        }
        return String.join(" ", out);
    }
}
