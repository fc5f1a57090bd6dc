package dev.seqlog.core.durability;

import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Which crash points and loss modes a sweep visits: a deterministic sample of about 40 points (nothing lost and a
 * torn subset lost at each, everything kept at the last), or every point with all five loss modes. Stateless.
 */
final class CrashPoints {
    /** Crashes a workload after mutating call {@code n}, loses the cache per {@code mode}, and checks recovery. */
    @FunctionalInterface
    interface Point {
        void sweep(long n, TearMode mode, long seed);
    }

    /** A workload a sweep crashes: it runs until the disk fails, and then checks the engine recovered after. */
    interface Workload {
        /** Runs until done or until the disk crashes (it swallows what the crash makes the engine throw). */
        void run(SeqlogEngine log);

        /** @return a description of the first broken promise in the recovered engine, or null */
        String verify(SeqlogEngine recovered);
    }

    private CrashPoints() {
    }

    /**
     * Runs {@code w} on a simulated disk that crashes after mutating call {@code n}, loses the cache per
     * {@code mode}, recovers on what is left, and fails the test if the workload's check does.
     *
     * @param open opens an engine on a file system
     */
    static void crashAndCheck(long n, TearMode mode, long seed, Function<SimulatedFileSystem, SeqlogEngine> open,
                              Workload w) {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        fs.crashAfter(n);
        SeqlogEngine crashed = null;
        try {
            crashed = open.apply(fs);
            w.run(crashed);
        } catch (RuntimeException | Error expected) {
            // crashed while opening
        } finally {
            if (crashed != null) {
                try {
                    crashed.close();
                } catch (RuntimeException | Error expected) {
                    // crashed while closing
                }
            }
        }
        try (SeqlogEngine recovered = open.apply(fs.powerLoss(mode, seed))) {
            String problem = w.verify(recovered);
            if (problem != null) {
                fail("crash after call " + n + " mode " + mode + " seed " + seed + ": " + problem + "\ntrace:\n"
                        + fs.traceTail(40));
            }
        }
    }

    /** @return how many points were sampled out of {@code total} */
    static int sampled(long total, Point p) {
        int checked = 0;
        for (long n = 1; n <= total; n += Math.max(1, total / 40)) {
            p.sweep(n, TearMode.NONE, 0);
            p.sweep(n, TearMode.TORN, n);
            checked++;
        }
        p.sweep(total, TearMode.ALL, 0);
        return checked;
    }

    /** Visits every point from 0 to {@code total} with no, all and three torn losses. */
    static void every(long total, Point p) {
        for (long n = 0; n <= total; n++) {
            p.sweep(n, TearMode.NONE, 0);
            p.sweep(n, TearMode.ALL, 0);
            for (long seed = 1; seed <= 3; seed++) {
                p.sweep(n, TearMode.TORN, n * 31 + seed);
            }
        }
    }
}
