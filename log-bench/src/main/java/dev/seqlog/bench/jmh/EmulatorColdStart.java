package dev.seqlog.bench.jmh;

import dev.seqlog.junit.Mode;
import dev.seqlog.junit.SeqlogEmulator;

/**
 * The first emulator start in a fresh JVM, class loading included: what the first test of a suite waits for,
 * which {@link EmulatorStartBench} (warm, after many starts) does not show. One start per JVM, so a shell loop
 * runs it several times: {@code java -cp seqlog-bench.jar dev.seqlog.bench.jmh.EmulatorColdStart SERVER}.
 */
public final class EmulatorColdStart {
    private EmulatorColdStart() {
    }

    /**
     * Starts and closes one emulator and prints how long the start took.
     *
     * @param args the mode, {@code EMBEDDED} or {@code SERVER}
     */
    public static void main(String[] args) {
        Mode mode = Mode.valueOf(args.length > 0 ? args[0] : "EMBEDDED");
        long start = System.nanoTime();
        SeqlogEmulator emulator = SeqlogEmulator.builder().mode(mode).start();
        long started = System.nanoTime();
        emulator.close();
        System.out.printf("%s emulator, first start in a fresh JVM: %.0f ms%n", mode, (started - start) / 1e6);
    }
}
