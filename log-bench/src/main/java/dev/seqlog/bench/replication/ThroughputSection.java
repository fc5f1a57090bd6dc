package dev.seqlog.bench.replication;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 1: at each producer count, the single-node fsync engine and the three-node cluster, each fresh, each
 * with its own warm-up and measured window. The side that goes first alternates from one producer count to the
 * next, so the machine's drift reaches both. For one thread.
 */
final class ThroughputSection {
    private final ReplicationOptions opt;
    private final ProducerLoad load;
    private final PrintStream out;

    /**
     * @param opt the options
     * @param out where each run's summary is printed as it finishes
     */
    ThroughputSection(ReplicationOptions opt, PrintStream out) {
        this.opt = opt;
        this.load = new ProducerLoad(opt.recordBytes(), opt.warmupSeconds(), opt.seconds());
        this.out = out;
    }

    /**
     * @return one row per producer count, in the order given
     * @throws IOException if a data directory or a node cannot be set up
     * @throws InterruptedException if interrupted while producers run
     */
    List<ThroughputRow> run() throws IOException, InterruptedException {
        List<ThroughputRow> rows = new ArrayList<>();
        for (int i = 0; i < opt.producers().size(); i++) {
            int producers = opt.producers().get(i);
            LoadResult single;
            LoadResult replicated;
            if (i % 2 == 0) {
                single = single(producers);
                replicated = replicated(producers);
            } else {
                replicated = replicated(producers);
                single = single(producers);
            }
            rows.add(new ThroughputRow(producers, single, replicated));
        }
        return rows;
    }

    private LoadResult single(int producers) throws IOException, InterruptedException {
        try (SingleNodeTarget t = SingleNodeTarget.open(opt.scratchParent())) {
            return measure(t, producers);
        }
    }

    private LoadResult replicated(int producers) throws IOException, InterruptedException {
        try (ClusterTarget t = ClusterTarget.open(opt.scratchParent(), opt.through(), opt.electionTimeoutMs())) {
            return measure(t, producers);
        }
    }

    private LoadResult measure(AppendTarget t, int producers) throws InterruptedException {
        LoadResult r = load.run(t, producers);
        String note = t.note();
        out.println("[throughput] " + r.line() + (note.isEmpty() ? "" : "; " + note));
        out.flush();
        return r;
    }
}
