package dev.seqlog.bench.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.replication.ReplicatedNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Writers that append one record at a time with an idempotency key through the running nodes, writer w's n-th
 * write through node (w + n) mod the running count. A write that fails is retried with the same key through the
 * next node, 20 ms later, until it is acknowledged: each key is acknowledged once, at one seq. After
 * {@link #close()} asks them to stop, a write still failing is given up after 30 s (its outcome unknown; it may
 * be in the log). Thread-safe.
 */
final class KeyedWriters implements AutoCloseable {
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration GIVE_UP_AFTER_STOP = Duration.ofSeconds(30);

    private final LocalCluster cluster;
    private final String topic;
    private final int recordBytes;
    private final GapMeter meter;
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long stoppedAt;

    private KeyedWriters(LocalCluster cluster, String topic, int recordBytes, GapMeter meter) {
        this.cluster = cluster;
        this.topic = topic;
        this.recordBytes = recordBytes;
        this.meter = meter;
    }

    /**
     * @param cluster the nodes written through
     * @param topic the topic written to
     * @param writers writer threads
     * @param recordBytes bytes of each record's data
     * @param meter told of every acknowledgement
     * @return the writers, running
     */
    static KeyedWriters start(LocalCluster cluster, String topic, int writers, int recordBytes, GapMeter meter) {
        KeyedWriters w = new KeyedWriters(cluster, topic, recordBytes, meter);
        for (int i = 0; i < writers; i++) {
            int writer = i;
            Thread t = new Thread(() -> w.write(writer), "keyed-writer-" + i);
            w.threads.add(t);
            t.start();
        }
        return w;
    }

    private void write(int writer) {
        for (long n = 0; !stop.get(); n++) {
            String key = RecordKeys.key(writer, n);
            AppendRequest req = AppendRequest.builder().idempotencyKey(key)
                    .add(RecordInput.json(RecordKeys.record(key, recordBytes))).build();
            for (long attempt = 0; ; attempt++) {
                List<ReplicatedNode> nodes = cluster.running();
                if (!nodes.isEmpty()) {
                    ReplicatedNode via = nodes.get((int) ((writer + n + attempt) % nodes.size()));
                    try {
                        AppendResult r = via.append(topic, req);
                        acked.put(key, r.firstSeq());
                        meter.ack();
                        break;
                    } catch (RuntimeException notAcknowledged) {
                        retries.increment(); // the same key again, through the next node
                    }
                }
                if (stop.get() && System.nanoTime() - stoppedAt > GIVE_UP_AFTER_STOP.toNanos()) {
                    abandoned.increment();
                    return;
                }
                LockSupport.parkNanos(RETRY_NANOS);
            }
        }
    }

    /** @return each acknowledged key's seq */
    Map<String, Long> acked() {
        return acked;
    }

    /** @return failed attempts, each retried with the same key */
    long retries() {
        return retries.sum();
    }

    /** @return writes given up after the stop without an acknowledgement */
    long abandoned() {
        return abandoned.sum();
    }

    /** Asks the writers to stop after their current write and waits for them. */
    @Override
    public void close() {
        stoppedAt = System.nanoTime();
        stop.set(true);
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
