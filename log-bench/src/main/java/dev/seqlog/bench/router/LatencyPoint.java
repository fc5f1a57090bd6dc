package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;

import java.util.ArrayList;
import java.util.List;

/**
 * One latency point (class, fan-out): the runs of both sides over the rounds and the median of each
 * percentile. Confined to the benchmark's thread.
 */
final class LatencyPoint {
    private final Durability durability;
    private final int fanout;
    private final List<LatencyResult> direct = new ArrayList<>();
    private final List<LatencyResult> forwarding = new ArrayList<>();

    /**
     * @param durability the class of every topic
     * @param fanout routers out of the source
     */
    LatencyPoint(Durability durability, int fanout) {
        this.durability = durability;
        this.fanout = fanout;
    }

    /** @param r one more run of either side */
    void add(LatencyResult r) {
        (r.side() == Side.DIRECT ? direct : forwarding).add(r);
    }

    Durability durability() {
        return durability;
    }

    int fanout() {
        return fanout;
    }

    /** @return the runs of one side, in the order measured */
    List<LatencyResult> runs(Side side) {
        return List.copyOf(side == Side.DIRECT ? direct : forwarding);
    }

    /**
     * @param side direct or forwarding
     * @param percentile e.g. 50
     * @return the median over rounds of write → visible at the percentile, µs
     */
    double micros(Side side, double percentile) {
        return Median.of(side == Side.DIRECT ? direct : forwarding, r -> r.visibleMicros(percentile));
    }

    /**
     * @param percentile e.g. 50
     * @return what forwarding adds at the percentile: forwarding minus direct, of the medians, µs
     */
    double addedMicros(double percentile) {
        return micros(Side.FORWARDING, percentile) - micros(Side.DIRECT, percentile);
    }

    /** @return whether every run of both sides verified */
    boolean verified() {
        return direct.stream().allMatch(LatencyResult::verified)
                && forwarding.stream().allMatch(LatencyResult::verified);
    }
}
