package dev.seqlog.bench.jmh;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.junit.Crash;
import dev.seqlog.junit.SeqlogEmulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * How long a test waits for its emulator: start plus close of an embedded and a server emulator, and a
 * power-loss crash with recovery of a small log, next to the anchor of the plain in-memory engine (no disk, no
 * WAL) started and closed in the same run. Each invocation is timed on its own after warm-up, as a test suite
 * that starts an emulator per method sees it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 50)
@Fork(1)
@State(Scope.Thread)
public class EmulatorStartBench {
    private SeqlogEmulator crashing;

    /** A running emulator holding 1000 fsync records, for {@link #crashAndRecover()}. */
    @Setup(Level.Iteration)
    public void fill() {
        crashing = SeqlogEmulator.builder().start();
        crashing.log().configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
        AppendRequest.Builder batch = AppendRequest.builder();
        for (int i = 0; i < 1000; i++) {
            batch.add(RecordInput.json("{\"i\":" + i + "}"));
        }
        crashing.log().append("t", batch.build());
    }

    /** Closes the emulator of {@link #crashAndRecover()}. */
    @TearDown(Level.Iteration)
    public void close() {
        crashing.close();
    }

    /** The anchor: the in-memory engine alone. */
    @Benchmark
    public void inMemoryEngine() {
        SeqlogEngine.inMemory().close();
    }

    /** An embedded emulator: the engine on a simulated disk, recovered empty, then closed with its checkpoint. */
    @Benchmark
    public void embeddedEmulator() {
        SeqlogEmulator.builder().start().close();
    }

    /** A server emulator: as embedded, plus the HTTP server on a loopback port and its client. */
    @Benchmark
    public void serverEmulator() {
        SeqlogEmulator.builder().mode(dev.seqlog.junit.Mode.SERVER).start().close();
    }

    /** A power loss and the recovery of 1000 records. */
    @Benchmark
    public void crashAndRecover() {
        crashing.crash(Crash.POWER_LOSS);
    }
}
