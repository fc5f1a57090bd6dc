package dev.seqlog.bench.storage;

import dev.seqlog.api.TopicState;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.nio.file.Path;

/**
 * Child process of {@link TimeToReady}: starts an engine on a data directory, polls {@code isReady()} every
 * millisecond, and prints {@code READY <ns from start to ready> <head seq> <record count>} of the bench topic;
 * then closes the engine cleanly. A failed recovery ends the process with an exception (non-zero exit).
 * Confined to its main thread (the engine recovers on its own).
 */
public final class ReadyProbe {
    /** Prefix of the result line. */
    static final String READY = "READY";

    private ReadyProbe() {
    }

    /**
     * @param args the data directory
     * @throws InterruptedException if interrupted while polling
     */
    public static void main(String[] args) throws InterruptedException {
        EngineOptions options = EngineOptions.builder().dataDir(Path.of(args[0])).backgroundCheckpoints(false)
                .backgroundExpiry(false).build();
        long t0 = System.nanoTime();
        SeqlogEngine engine = SeqlogEngine.start(options);
        try {
            while (!engine.isReady()) {
                if (engine.recoveryFailure() != null) {
                    throw new IllegalStateException("recovery failed", engine.recoveryFailure());
                }
                Thread.sleep(1);
            }
            long nanos = System.nanoTime() - t0;
            TopicState state = engine.state(StorageBench.TOPIC);
            System.out.println(READY + " " + nanos + " " + state.headSeq() + " " + state.count());
            System.out.flush();
        } finally {
            engine.close();
        }
    }
}
