package dev.seqlog.bench.redis;

import dev.seqlog.bench.ScratchDir;
import dev.seqlog.bench.load.LoadGenOptions;
import dev.seqlog.bench.load.LoadGenOptions.Workload;
import dev.seqlog.bench.load.SeqlogWorkloads;
import dev.seqlog.bench.load.WorkloadResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measurement: starts a fresh server of one kind in its own scratch directory, runs one workload against
 * it, reads the server's CPU clock around the measured phase, prints the workload's summary, and stops and
 * deletes everything. W3 first fills the fresh server with W1, unmeasured. Confined to the harness thread.
 */
final class Sessions {
    private final SideBySideOptions opt;
    private final CpuClock cpu;
    private final Path scratch;

    Sessions(SideBySideOptions opt, CpuClock cpu, Path scratch) {
        this.opt = opt;
        this.cpu = cpu;
        this.scratch = scratch;
    }

    /**
     * @param side which server
     * @param w the workload
     * @param p the durability pairing
     * @return the sample
     * @throws Exception if a server cannot be started or a workload cannot continue
     */
    Sample run(Side side, Workload w, Pairing p) throws Exception {
        return side == Side.REDIS ? redis(w, p) : seqlog(w, p);
    }

    private Sample seqlog(Workload w, Pairing p) throws Exception {
        String topic = "sbs-" + w.name().toLowerCase(Locale.ROOT);
        try (ScratchDir dir = ScratchDir.create(scratch, "seqlog-");
             SeqlogProcess server = SeqlogProcess.start(opt.serverJar(), dir.path())) {
            LoadGenOptions counts = opt.counts(server.port(), p.seqlogClass());
            try (SeqlogWorkloads warm = new SeqlogWorkloads(opt.warmUpCounts(server.port(), p.seqlogClass()))) {
                warm.health();
                seqlogPass(warm, w, topic + "-warm");
            }
            try (SeqlogWorkloads work = new SeqlogWorkloads(counts)) {
                work.health();
                WorkloadResult fill = w == Workload.W3 ? print("seqlog " + p.seqlogClass() + ", fill", work.w1(topic))
                        : null;
                double cpu0 = cpu.seconds(server.pid());
                WorkloadResult r = switch (w) {
                    case W1 -> work.w1(topic);
                    case W2 -> work.w2(topic);
                    case W3 -> work.w3(topic);
                    case W4 -> work.w4(topic);
                };
                double cpu1 = cpu.seconds(server.pid());
                return new Sample(print("seqlog " + p.seqlogClass(), withFill(r, fill)), cpu1 - cpu0,
                        records(w, counts));
            }
        }
    }

    private Sample redis(Workload w, Pairing p) throws Exception {
        String stream = "sbs-" + w.name().toLowerCase(Locale.ROOT);
        try (ScratchDir dir = ScratchDir.create(scratch, "redis-");
             RedisProcess server = RedisProcess.start(opt.redisServer(), p.appendfsync(), dir.path())) {
            LoadGenOptions counts = opt.counts(server.endpoint().port(), p.seqlogClass());
            RedisEndpoint at = server.endpoint();
            redisPass(at, opt.warmUpCounts(server.endpoint().port(), p.seqlogClass()), w, stream + "-warm",
                    p.appendfsync());
            WorkloadResult fill = w == Workload.W3
                    ? print("redis " + p.appendfsync() + ", fill", RedisProduce.run(at, counts, stream, p.appendfsync()))
                    : null;
            double cpu0 = cpu.seconds(server.pid());
            WorkloadResult r = switch (w) {
                case W1 -> RedisProduce.run(at, counts, stream, p.appendfsync());
                case W2 -> RedisSingleWrites.run(at, counts, stream, p.appendfsync());
                case W3 -> RedisReadBack.run(at, counts, stream);
                case W4 -> RedisTail.run(at, counts, stream, p.appendfsync());
            };
            double cpu1 = cpu.seconds(server.pid());
            return new Sample(print("redis " + p.appendfsync(), withFill(r, fill)), cpu1 - cpu0, records(w, counts));
        }
    }

    /** An unmeasured pass of a workload (a W3 pass fills its topic first), to warm the server up. */
    private static void seqlogPass(SeqlogWorkloads work, Workload w, String topic) throws Exception {
        switch (w) {
            case W1 -> work.w1(topic);
            case W2 -> work.w2(topic);
            case W3 -> {
                work.w1(topic);
                work.w3(topic);
            }
            case W4 -> work.w4(topic);
        }
    }

    private static void redisPass(RedisEndpoint at, LoadGenOptions counts, Workload w, String stream,
                                  String appendfsync) throws Exception {
        switch (w) {
            case W1 -> RedisProduce.run(at, counts, stream, appendfsync);
            case W2 -> RedisSingleWrites.run(at, counts, stream, appendfsync);
            case W3 -> {
                RedisProduce.run(at, counts, stream, appendfsync);
                RedisReadBack.run(at, counts, stream);
            }
            case W4 -> RedisTail.run(at, counts, stream, appendfsync);
        }
    }

    /** Records written or read in the measured phase, the denominator of CPU per record. */
    private static long records(Workload w, LoadGenOptions o) {
        return switch (w) {
            case W1, W3 -> o.w1Records();
            case W2 -> o.w2Warmup() + o.w2Records();
            case W4 -> o.w4DurationMs() * 1000L / o.w4IntervalMicros();
        };
    }

    /** A read-back counts as verified only if the fill it read verified too. */
    private static WorkloadResult withFill(WorkloadResult r, WorkloadResult fill) {
        if (fill == null || fill.verified()) {
            return r;
        }
        List<String> lines = new ArrayList<>(r.summary());
        lines.add("   the fill before it FAILED verification");
        return new WorkloadResult(r.name(), lines, false, r.recordsPerSecond(), r.p50Nanos(), r.p99Nanos());
    }

    private static WorkloadResult print(String who, WorkloadResult r) {
        for (String line : r.summary()) {
            System.out.println("[" + who + "] " + line);
        }
        System.out.flush();
        return r;
    }
}
