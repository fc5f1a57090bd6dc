package dev.seqlog.bench.queue;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.nio.file.Path;

/**
 * One in-process point: an engine with default options opened on a fresh data directory, warmed and measured
 * by {@link QueueMeasurement}, then closed and its directory deleted. Stateless; the measurement runs its
 * own worker threads.
 */
public final class InProcessQueue {
    private InProcessQueue() {
    }

    /**
     * @param scratchParent where the data directory is created
     * @param opt counts and budgets
     * @param durability the queues' class
     * @param leasesDurable the queues' {@code leases_durable}
     * @param workers worker threads
     * @param batch jobs per claim
     * @return the outcome
     * @throws Exception if the engine fails
     */
    public static QueueOutcome measure(Path scratchParent, QueueOptions opt, Durability durability,
                                       boolean leasesDurable, int workers, int batch) throws Exception {
        try (ScratchDir dir = ScratchDir.create(scratchParent, "seqlog-queue-");
             SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dataDir(dir.path())).build())) {
            EngineQueueTarget target = new EngineQueueTarget(log, durability, leasesDurable);
            return QueueMeasurement.run(target, target.describe(), opt, workers, batch,
                    QueueMeasurement.CpuMeter.NONE);
        }
    }

    private static Path dataDir(Path scratch) {
        return scratch.resolve("data");
    }
}
