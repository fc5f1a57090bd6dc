package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One throughput run on a fresh engine (default options, throw-away data directory): an unmeasured warm-up on
 * its own topics of the same shape, then the measured write of the workload, then the checks. The arrival is
 * armed before the first write, so the clock stops in the callback that sees the last record visible, not in a
 * loop. Stateless.
 */
final class ThroughputRun {
    private ThroughputRun() {
    }

    /**
     * @param scratchParent where the data directory is created
     * @param durability the class of every topic
     * @param side direct or forwarding
     * @param fanout routers out of the source (forwarding only)
     * @param warm the warm-up's records
     * @param work the measured records
     * @param window appends in flight at most
     * @return the run
     * @throws Exception if the engine fails
     */
    static ThroughputResult measure(Path scratchParent, Durability durability, Side side, int fanout, Workload warm,
                                    Workload work, int window) throws Exception {
        try (ScratchDir dir = ScratchDir.create(scratchParent, "seqlog-routers-");
             SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data"))
                     .build())) {
            WindowedWriter writer = new WindowedWriter(log, window);
            List<String> problems = new ArrayList<>();

            Topology warmTopics = Topology.of(side, "warm", fanout);
            warmTopics.create(log, durability);
            pass(log, writer, warmTopics, warm, problems);
            if (!problems.isEmpty()) {
                problems.replaceAll(p -> "warm-up: " + p);
            }

            Topology topics = Topology.of(side, "run", fanout);
            topics.create(log, durability);
            Pass p = pass(log, writer, topics, work, problems);
            if (p.acks.problem() == null && p.arrived) {
                CopyCheck.counts(log, topics.source(), work.records(), problems);
                if (!topics.readAt().contains(topics.source())) {
                    CopyCheck.contents(log, topics.source(), work, problems); // tells a source fault from a copy's
                }
                for (String t : topics.readAt()) {
                    CopyCheck.contents(log, t, work, problems);
                }
                CopyCheck.routers(log, topics, work.records(), problems);
            }
            long start = p.acks.startNanos();
            long end = Math.max(p.acks.lastAckNanos(), p.lastVisible);
            return new ThroughputResult(side, side == Side.DIRECT ? 1 : fanout, work.records(),
                    p.acks.lastAckNanos() - start, end - start, Math.max(0, p.lastVisible - p.acks.lastAckNanos()),
                    p.backlog, problems);
        }
    }

    /** What one pass of the writer saw. */
    private record Pass(WindowedWriter.Acks acks, boolean arrived, long lastVisible, long backlog) {
    }

    /** Writes the workload into the topology and waits until its last record is visible where it is read. */
    private static Pass pass(SeqlogEngine log, WindowedWriter writer, Topology topics, Workload work,
                             List<String> problems) throws InterruptedException {
        Arrival arrival = Arrival.arm(log, topics.readAt(), work.records());
        WindowedWriter.Acks acks = writer.write(topics.source(), work.requests());
        long backlog = arrival.missing(log); // read just after the last acknowledgement: what is left to drain
        if (acks.problem() != null) {
            problems.add(acks.problem());
            return new Pass(acks, false, 0, backlog);
        }
        String late = arrival.await(log);
        if (late != null) {
            problems.add(late);
        }
        return new Pass(acks, late == null, arrival.lastNanos(), backlog);
    }
}
