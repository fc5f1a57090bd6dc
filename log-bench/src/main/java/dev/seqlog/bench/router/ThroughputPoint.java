package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;

import java.util.ArrayList;
import java.util.List;

/**
 * One throughput point (class, fan-out, batch): the runs of both sides over the rounds and their medians.
 * Confined to the benchmark's thread.
 */
final class ThroughputPoint {
    private final Durability durability;
    private final int fanout;
    private final int batch;
    private final List<ThroughputResult> direct = new ArrayList<>();
    private final List<ThroughputResult> forwarding = new ArrayList<>();

    /**
     * @param durability the class of every topic
     * @param fanout routers out of the source
     * @param batch records per append
     */
    ThroughputPoint(Durability durability, int fanout, int batch) {
        this.durability = durability;
        this.fanout = fanout;
        this.batch = batch;
    }

    /** @param r one more run of either side */
    void add(ThroughputResult r) {
        (r.side() == Side.DIRECT ? direct : forwarding).add(r);
    }

    Durability durability() {
        return durability;
    }

    int fanout() {
        return fanout;
    }

    int batch() {
        return batch;
    }

    /** @return the runs of one side, in the order measured */
    List<ThroughputResult> runs(Side side) {
        return List.copyOf(side == Side.DIRECT ? direct : forwarding);
    }

    /** @return the anchor's median records/s */
    double directRate() {
        return Median.of(direct, ThroughputResult::rate);
    }

    /** @return the median copies/s per destination */
    double forwardingRate() {
        return Median.of(forwarding, ThroughputResult::rate);
    }

    /** @return forwarding ÷ direct, of the medians */
    double ratio() {
        return forwardingRate() / directRate();
    }

    /** @return the median copies/s over all destinations */
    double allCopiesRate() {
        return Median.of(forwarding, ThroughputResult::allCopiesRate);
    }

    /** @return the median rate of acknowledgements to the writer while forwarding */
    double sourceAckRate() {
        return Median.of(forwarding, ThroughputResult::ackRate);
    }

    /** @return the median time from the last acknowledgement to the last copy, ms */
    double endLagMillis() {
        return Median.of(forwarding, r -> r.drainNanos() / 1e6);
    }

    /** @return the median backlog of copies at the last acknowledgement */
    double backlog() {
        return Median.of(forwarding, r -> (double) r.backlog());
    }

    /** @return the median rate at which the backlog drained, copies/s, over the runs that report one */
    double drainRate() {
        return Median.of(forwarding.stream().filter(r -> !Double.isNaN(r.drainRate())).toList(),
                ThroughputResult::drainRate);
    }

    /** @return whether every run of both sides verified */
    boolean verified() {
        return direct.stream().allMatch(ThroughputResult::verified)
                && forwarding.stream().allMatch(ThroughputResult::verified);
    }
}
