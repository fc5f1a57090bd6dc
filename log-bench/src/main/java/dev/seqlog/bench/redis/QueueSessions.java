package dev.seqlog.bench.redis;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.bench.load.HttpQueueTarget;
import dev.seqlog.bench.queue.InProcessQueue;
import dev.seqlog.bench.queue.QueueMeasurement;
import dev.seqlog.bench.queue.QueueOutcome;

import java.nio.file.Path;

/**
 * One queue measurement on one side: starts a fresh server of that kind in its own scratch directory (Redis
 * with the class's {@code appendfsync}; the seqlog server jar; or an engine in this JVM), warms it and
 * measures it with {@link QueueMeasurement}, prints the summary, and stops and deletes everything.
 * Confined to the harness thread.
 */
final class QueueSessions {
    private final QueueSideBySideOptions opt;
    private final CpuClock cpu;
    private final Path scratch;

    QueueSessions(QueueSideBySideOptions opt, CpuClock cpu, Path scratch) {
        this.opt = opt;
        this.cpu = cpu;
        this.scratch = scratch;
    }

    /**
     * @param side which server, with which {@code leases_durable}
     * @param durability the seqlog class; Redis gets the {@code appendfsync} that pairs with it
     * @param batch jobs per claim
     * @param workers worker threads
     * @return the outcome
     * @throws Exception if a server cannot be started or fails
     */
    QueueOutcome run(QueueSide side, Durability durability, int batch, int workers) throws Exception {
        QueueOutcome o = switch (side.kind()) {
            case REDIS -> redis(pairing(durability), batch, workers);
            case HTTP -> http(durability, side.leasesDurable(), batch, workers);
            case IN_PROCESS -> InProcessQueue.measure(scratch, opt.queue(), durability, side.leasesDurable(),
                    workers, batch);
        };
        for (String line : o.summary()) {
            System.out.println("[" + o.who() + "] " + line);
        }
        System.out.flush();
        return o;
    }

    /**
     * @param durability {@code disk} or {@code fsync}
     * @return the Redis setting that makes the same promise
     */
    static Pairing pairing(Durability durability) {
        return switch (durability) {
            case DISK -> Pairing.DISK_EVERYSEC;
            case FSYNC -> Pairing.FSYNC_ALWAYS;
            default -> throw new IllegalArgumentException("no Redis pairing for the " + durability + " class");
        };
    }

    private QueueOutcome redis(Pairing p, int batch, int workers) throws Exception {
        try (ScratchDir dir = ScratchDir.create(scratch, "redis-");
             RedisProcess server = RedisProcess.start(opt.redisServer(), p.appendfsync(), dir.path())) {
            RedisQueueTarget target = new RedisQueueTarget(server.endpoint(), opt.redisXdel());
            return QueueMeasurement.run(target, target.describe(p.appendfsync()), opt.queue(), workers, batch,
                    () -> cpu.seconds(server.pid()));
        }
    }

    private QueueOutcome http(Durability durability, boolean leasesDurable, int batch, int workers)
            throws Exception {
        try (ScratchDir dir = ScratchDir.create(scratch, "seqlog-");
             SeqlogProcess server = SeqlogProcess.start(opt.serverJar(), dir.path());
             HttpQueueTarget target = new HttpQueueTarget("127.0.0.1", server.port(), durability, leasesDurable)) {
            return QueueMeasurement.run(target, target.describe(), opt.queue(), workers, batch,
                    () -> cpu.seconds(server.pid()));
        }
    }
}
