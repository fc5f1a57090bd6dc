package dev.seqlog.bench.jmh;

import dev.seqlog.bench.Payloads;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The anchor: Chronicle Queue appends (a batch of N is N excerpts) and tailer reads of the same payloads
 * as the seqlog benchmarks; scores are records/s. Queues live in a fresh directory under the
 * {@code queueDir} parameter ({@code tmpdir} means {@code java.io.tmpdir}; pass e.g.
 * {@code -p queueDir=tmpdir,/dev/shm} to add a RAM-backed run). Chronicle needs JDK internals opened, so
 * these flags appear here and nowhere else. Runs in one JMH thread; appenders and tailers are confined
 * to it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        ChronicleQueueBench.FLAG_EXPORTS_NIO_CH,
        ChronicleQueueBench.FLAG_OPENS_REFLECT,
        ChronicleQueueBench.FLAG_EXPORTS_REF,
        ChronicleQueueBench.FLAG_NO_ANALYTICS,
        ChronicleQueueBench.FLAG_NO_ANNOUNCER})
public class ChronicleQueueBench {
    // The set was found by removing flags one at a time on JDK 17 (see docs/BENCHMARKS.md).
    /** Without it: IllegalAccessError, chronicle-core's OS cannot access sun.nio.ch.FileChannelImpl. */
    static final String FLAG_EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Without it: ExceptionInInitializerError in chronicle-core's ClassUtil (setAccessible0). */
    static final String FLAG_OPENS_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Without it: a warning and no deterministic release of Chronicle's direct buffers. */
    static final String FLAG_EXPORTS_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Keeps Chronicle from trying to send usage analytics. */
    static final String FLAG_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** Keeps Chronicle's start-up banner out of the benchmark output. */
    static final String FLAG_NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";

    private static final int READ_BATCH = 1000;

    /** Appender state: a fresh queue per iteration, deleted afterwards; confined to one benchmark thread. */
    @State(Scope.Thread)
    public static class AppendState {
        /** Size of each excerpt, the same JSON string as the seqlog payload, in bytes. */
        @Param({"100", "1024"})
        public int payloadBytes;

        /** Parent directory of the queue; {@code tmpdir} for {@code java.io.tmpdir}. */
        @Param({"tmpdir"})
        public String queueDir;

        Path dir;
        ChronicleQueue queue;
        ExcerptAppender appender;
        BytesStore<?, ?> payload;

        /** Wraps the payload once. */
        @Setup(Level.Trial)
        public void payload() {
            payload = BytesStore.wrap(Payloads.jsonString(payloadBytes));
        }

        /** Opens a queue in a new directory. */
        @Setup(Level.Iteration)
        public void open() {
            dir = newDir(queueDir, "cq-append");
            queue = SingleChronicleQueueBuilder.binary(dir).build();
            appender = queue.createAppender();
        }

        /** Closes and deletes the queue. */
        @TearDown(Level.Iteration)
        public void close() {
            appender.close();
            queue.close();
            deleteTree(dir);
        }
    }

    /** Tailer state: a queue filled once per trial, read in a loop; confined to one benchmark thread. */
    @State(Scope.Thread)
    public static class TailState {
        /** Size of each excerpt in bytes. */
        @Param({"100", "1024"})
        public int payloadBytes;

        /** Excerpts in the queue; a multiple of 1000 so every read returns exactly 1000. */
        @Param({"100000"})
        public int records;

        /** Parent directory of the queue; {@code tmpdir} for {@code java.io.tmpdir}. */
        @Param({"tmpdir"})
        public String queueDir;

        Path dir;
        ChronicleQueue queue;
        ExcerptTailer tailer;
        byte[] scratch;
        long checksum;

        /** Fills the queue and opens a tailer at its start. */
        @Setup(Level.Trial)
        public void open() {
            if (records % READ_BATCH != 0) {
                throw new IllegalArgumentException("records must be a multiple of " + READ_BATCH);
            }
            dir = newDir(queueDir, "cq-tail");
            queue = SingleChronicleQueueBuilder.binary(dir).build();
            BytesStore<?, ?> payload = BytesStore.wrap(Payloads.jsonString(payloadBytes));
            try (ExcerptAppender appender = queue.createAppender()) {
                for (int i = 0; i < records; i++) {
                    appender.writeBytes(payload);
                }
            }
            tailer = queue.createTailer();
            scratch = new byte[Math.max(payloadBytes, 16)];
        }

        /** Closes and deletes the queue. */
        @TearDown(Level.Trial)
        public void close() {
            tailer.close();
            queue.close();
            deleteTree(dir);
        }
    }

    /**
     * Appends one excerpt.
     *
     * @param s the appender state
     */
    @Benchmark
    @OperationsPerInvocation(1)
    public void appendBatch1(AppendState s) {
        s.appender.writeBytes(s.payload);
    }

    /**
     * Appends 100 excerpts.
     *
     * @param s the appender state
     */
    @Benchmark
    @OperationsPerInvocation(100)
    public void appendBatch100(AppendState s) {
        for (int i = 0; i < 100; i++) {
            s.appender.writeBytes(s.payload);
        }
    }

    /**
     * Appends 1000 excerpts.
     *
     * @param s the appender state
     */
    @Benchmark
    @OperationsPerInvocation(1000)
    public void appendBatch1000(AppendState s) {
        for (int i = 0; i < 1000; i++) {
            s.appender.writeBytes(s.payload);
        }
    }

    /**
     * Reads 1000 excerpts, copying each into a scratch array; rewinds to the start at the end.
     *
     * @param s the tailer state
     * @param bh consumes the checksum
     */
    @Benchmark
    @OperationsPerInvocation(READ_BATCH)
    public void tailerRead(TailState s, Blackhole bh) {
        int n = 0;
        while (n < READ_BATCH) {
            boolean atEnd;
            try (DocumentContext dc = s.tailer.readingDocument()) {
                atEnd = !dc.isPresent();
                if (!atEnd) {
                    Bytes<?> b = dc.wire().bytes();
                    int len = (int) b.readRemaining();
                    b.read(s.scratch, 0, len);
                    s.checksum += len + s.scratch[len - 1];
                    n++;
                }
            }
            if (atEnd) {
                if (n != 0) {
                    throw new IllegalStateException("queue ended after " + n + " of " + READ_BATCH + " excerpts");
                }
                s.tailer.toStart();
            }
        }
        bh.consume(s.checksum);
    }

    static Path newDir(String parentDir, String prefix) {
        Path parent = Paths.get("tmpdir".equals(parentDir) ? System.getProperty("java.io.tmpdir") : parentDir);
        try {
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
