package dev.seqlog.bench.jmh;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.bench.Payloads;
import dev.seqlog.core.SeqlogEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * In-process subscriptions: the time for {@code subscribers} Java subscriptions (unbounded demand, limit 1000)
 * to receive every record of a pre-filled topic from cursor 0, on the in-memory engine's delivery threads.
 * Records per second delivered = subscribers × records ÷ score; compare with {@link SeqlogDiffBench}'s
 * {@code diffMaterialised}, which reads the same records in the same batches on one thread. The state is
 * confined to the JMH thread; subscribers count on the delivery threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SeqlogWatchBench {
    private static final String TOPIC = "bench-watch";
    private static final int LIMIT = 1000;

    /** Size of each record's {@code data}, a JSON string, in bytes. */
    @Param({"100"})
    public int payloadBytes;

    /** Records in the topic. */
    @Param({"100000"})
    public int records;

    /** Subscriptions reading the topic at once. */
    @Param({"1", "16"})
    public int subscribers;

    private EventLog log;
    private WatchPublisher watch;

    /** Opens the engine, fills the topic and binds the watch. */
    @Setup(Level.Trial)
    public void setUp() {
        log = SeqlogEngine.inMemory();
        log.configure(TOPIC, TopicConfig.builder().durability(Durability.MEMORY).build());
        byte[] payload = Payloads.jsonString(payloadBytes);
        List<RecordInput> batch = new ArrayList<>(LIMIT);
        for (int i = 0; i < LIMIT; i++) {
            batch.add(RecordInput.json(payload));
        }
        for (int written = 0; written < records; written += LIMIT) {
            log.append(TOPIC, AppendRequest.of(batch));
        }
        watch = log.watch(WatchRequest.after(TOPIC, 0).withBatching(LIMIT, 0));
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        log.close();
    }

    /**
     * Delivers the whole topic to every subscriber.
     *
     * @return records delivered
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    public long deliverAll() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(subscribers);
        List<Counting> subs = new ArrayList<>(subscribers);
        for (int i = 0; i < subscribers; i++) {
            Counting c = new Counting(records, done);
            subs.add(c);
            watch.subscribe(c);
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("subscribers did not receive every record within 60 s");
        }
        long total = 0;
        for (Counting c : subs) {
            c.subscription.cancel();
            total += c.received;
        }
        return total;
    }

    /** Counts delivered records; signals once it has them all. Written by one delivery at a time. */
    static final class Counting implements Flow.Subscriber<WatchEvent> {
        private final long expected;
        private final CountDownLatch done;
        volatile Flow.Subscription subscription;
        long received;

        Counting(long expected, CountDownLatch done) {
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(WatchEvent e) {
            if (e instanceof WatchEvent.Records r) {
                received += r.batch().size();
                if (received == expected) {
                    done.countDown();
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }
    }
}
