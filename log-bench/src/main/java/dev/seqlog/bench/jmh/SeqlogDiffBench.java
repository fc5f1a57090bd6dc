package dev.seqlog.bench.jmh;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Diff reads with limit 1000 over a pre-filled topic on the in-memory engine, streaming to a
 * {@link RecordSink} and materialising; scores are records/s. The cursor walks the topic and wraps to 0
 * at the head. Runs in one JMH thread; the state is confined to it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SeqlogDiffBench {
    private static final String TOPIC = "bench-diff";
    private static final int LIMIT = 1000;

    /** Size of each record's {@code data}, a JSON string, in bytes. */
    @Param({"100", "1024"})
    public int payloadBytes;

    /** Records in the topic; a multiple of 1000 so every read returns exactly 1000. */
    @Param({"100000"})
    public int records;

    /** The topic's commit class (wire name). */
    @Param({"memory"})
    public String durability;

    private EventLog log;
    private long cursor;
    private CopyingSink sink;

    /** Opens the engine and fills the topic. */
    @Setup(Level.Trial)
    public void setUp() {
        if (records % LIMIT != 0) {
            throw new IllegalArgumentException("records must be a multiple of " + LIMIT);
        }
        log = SeqlogEngine.inMemory();
        log.configure(TOPIC, TopicConfig.builder().durability(Durability.fromWire(durability)).build());
        byte[] payload = Payloads.jsonString(payloadBytes);
        List<RecordInput> batch = new ArrayList<>(LIMIT);
        for (int i = 0; i < LIMIT; i++) {
            batch.add(RecordInput.json(payload));
        }
        AppendRequest request = AppendRequest.of(batch);
        for (int written = 0; written < records; written += LIMIT) {
            log.append(TOPIC, request);
        }
        sink = new CopyingSink(payloadBytes);
        cursor = 0;
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        log.close();
    }

    /**
     * Reads 1000 records into a sink that copies each payload into a scratch array.
     *
     * @param bh consumes the sink's checksum
     */
    @Benchmark
    @OperationsPerInvocation(LIMIT)
    public void diffSink(Blackhole bh) {
        DiffResult r = log.diff(TOPIC, request(cursor), sink);
        advance(r);
        bh.consume(sink.checksum);
    }

    /**
     * Reads 1000 materialised records.
     *
     * @param bh consumes the records
     */
    @Benchmark
    @OperationsPerInvocation(LIMIT)
    public void diffMaterialised(Blackhole bh) {
        DiffResult r = log.diff(TOPIC, request(cursor));
        List<TopicRecord> list = r.records();
        if (list.size() != LIMIT) {
            throw new IllegalStateException("materialised " + list.size() + " records, expected " + LIMIT);
        }
        advance(r);
        bh.consume(list);
    }

    private static DiffRequest request(long from) {
        return new DiffRequest(from, LIMIT, Set.of(), false, true, 0);
    }

    private void advance(DiffResult r) {
        if (r.delivered() != LIMIT) {
            throw new IllegalStateException("delivered " + r.delivered() + " records from " + cursor
                    + ", expected " + LIMIT + "; result " + r);
        }
        cursor = r.caughtUp() ? 0 : r.nextFromSeq();
    }

    /** Copies each delivered payload into one scratch array; confined to the benchmark thread. */
    static final class CopyingSink implements RecordSink {
        private final byte[] scratch;
        long checksum;

        CopyingSink(int payloadBytes) {
            this.scratch = new byte[Math.max(payloadBytes, 16)];
        }

        @Override
        public void accept(RecordView v) {
            int len = v.dataLength();
            v.buffer().get(v.dataOffset(), scratch, 0, len);
            checksum += v.seq() + scratch[len - 1];
        }
    }
}
