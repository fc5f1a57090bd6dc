package dev.seqlog.bench.jmh;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.bench.Payloads;
import dev.seqlog.core.SeqlogEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Batched append through {@link EventLog#append} on the in-memory engine; scores are records/s. One
 * benchmark method per batch size because {@code @OperationsPerInvocation} must be a constant. Runs in
 * one JMH thread; the state is shared by that thread only.
 *
 * <p>{@code retention=cap} (default): the topic is created once with {@code cap_records} (discard old);
 * warm-up fills it past the cap, so measured iterations run in steady state with cap eviction on the hot
 * path and segment buffers recycled. {@code retention=fresh}: the topic is deleted and recreated without a
 * cap before every iteration, so each iteration measures a topic that is filling up (fresh buffers); use
 * iterations of 1 s so one iteration's records fit in direct memory.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SeqlogAppendBench {
    private static final String TOPIC = "bench-append";

    /** Size of each record's {@code data}, a JSON string, in bytes. */
    @Param({"100", "1024"})
    public int payloadBytes;

    /** The topic's commit class (wire name). */
    @Param({"memory"})
    public String durability;

    /** Live-record cap of the topic in {@code cap} mode; bounds retained memory over a long run. */
    @Param({"1000000"})
    public long capRecords;

    /** {@code cap}: one capped topic for the trial; {@code fresh}: a new uncapped topic every iteration. */
    @Param({"cap"})
    public String retention;

    private EventLog log;
    private List<RecordInput> batch1;
    private List<RecordInput> batch100;
    private List<RecordInput> batch1000;

    /** Opens the engine, creates the topic and builds the record inputs once. */
    @Setup(Level.Trial)
    public void setUp() {
        if (!retention.equals("cap") && !retention.equals("fresh")) {
            throw new IllegalArgumentException("retention must be cap or fresh, got " + retention);
        }
        log = SeqlogEngine.inMemory();
        createTopic();
        RecordInput record = RecordInput.json(Payloads.jsonString(payloadBytes));
        batch1 = inputs(record, 1);
        batch100 = inputs(record, 100);
        batch1000 = inputs(record, 1000);
        AppendResult probe = log.append(TOPIC, AppendRequest.of(batch100));
        if (probe.count() != 100 || probe.lastSeq() - probe.firstSeq() != 99) {
            throw new IllegalStateException("unexpected append result " + probe);
        }
    }

    /** In {@code fresh} mode, starts the iteration on a new empty topic with the old one's memory released. */
    @Setup(Level.Iteration)
    public void freshTopic() {
        if (retention.equals("fresh")) {
            log.deleteTopic(TOPIC);
            System.gc();
            createTopic();
        }
    }

    private void createTopic() {
        log.configure(TOPIC, TopicConfig.builder()
                .durability(Durability.fromWire(durability))
                .capRecords(retention.equals("cap") ? capRecords : 0)
                .build());
    }

    /** Checks the topic kept its cap and closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            TopicState s = log.state(TOPIC);
            if (retention.equals("cap") && capRecords > 0 && s.count() > capRecords) {
                throw new IllegalStateException("cap not enforced: count=" + s.count() + " cap=" + capRecords);
            }
        } finally {
            log.close();
        }
    }

    /** @return the result of appending one record */
    @Benchmark
    @OperationsPerInvocation(1)
    public AppendResult appendBatch1() {
        return log.append(TOPIC, AppendRequest.of(batch1));
    }

    /** @return the result of appending a batch of 100 records */
    @Benchmark
    @OperationsPerInvocation(100)
    public AppendResult appendBatch100() {
        return log.append(TOPIC, AppendRequest.of(batch100));
    }

    /** @return the result of appending a batch of 1000 records */
    @Benchmark
    @OperationsPerInvocation(1000)
    public AppendResult appendBatch1000() {
        return log.append(TOPIC, AppendRequest.of(batch1000));
    }

    private static List<RecordInput> inputs(RecordInput record, int n) {
        List<RecordInput> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(record);
        }
        return List.copyOf(list);
    }
}
