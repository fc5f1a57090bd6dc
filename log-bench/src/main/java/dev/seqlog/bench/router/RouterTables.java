package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the two Markdown tables of the router benchmark, medians over rounds with ratios. Stateless. */
final class RouterTables {
    private RouterTables() {
    }

    /**
     * @param points the throughput points, in order
     * @return the table, one line per element, header and separator first
     */
    static List<String> throughput(List<ThroughputPoint> points) {
        List<String> out = new ArrayList<>();
        out.add("| class | routers | batch | direct records/s | forwarding copies/s per destination "
                + "| forwarding ÷ direct | copies/s, all destinations | source acks/s while forwarding "
                + "| end lag ms | backlog at the last ack | drain copies/s |");
        out.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ThroughputPoint p : points) {
            out.add("| " + label(p.durability(), p.verified()) + " | " + fanout(p.fanout()) + " | " + p.batch()
                    + " | " + rate(p.directRate()) + " | " + rate(p.forwardingRate()) + " | " + ratio(p.ratio())
                    + " | " + rate(p.allCopiesRate()) + " | " + rate(p.sourceAckRate()) + " | "
                    + fixed(p.endLagMillis()) + " | " + rate(p.backlog()) + " | " + rate(p.drainRate()) + " |");
        }
        return out;
    }

    /**
     * @param points the latency points, in order
     * @return the table, one line per element, header and separator first
     */
    static List<String> latency(List<LatencyPoint> points) {
        List<String> out = new ArrayList<>();
        out.add("| class | routers | direct p50 / p99 / p99.9 µs | forwarding p50 / p99 / p99.9 µs "
                + "| added p50 / p99 µs |");
        out.add("|---|---|---:|---:|---:|");
        for (LatencyPoint p : points) {
            out.add("| " + label(p.durability(), p.verified()) + " | " + fanout(p.fanout()) + " | "
                    + triple(p, Side.DIRECT) + " | " + triple(p, Side.FORWARDING) + " | "
                    + rate(p.addedMicros(50)) + " / " + rate(p.addedMicros(99)) + " |");
        }
        return out;
    }

    private static String triple(LatencyPoint p, Side side) {
        return rate(p.micros(side, 50)) + " / " + rate(p.micros(side, 99)) + " / " + rate(p.micros(side, 99.9));
    }

    private static String label(Durability d, boolean verified) {
        return d.wireName() + (verified ? "" : " (unverified)");
    }

    /**
     * @param fanout routers out of the source
     * @return e.g. {@code 1 → 16}
     */
    static String fanout(int fanout) {
        return "1 → " + fanout;
    }

    /**
     * @param v a rate, count or latency
     * @return grouped thousands without decimals, or n/a
     */
    static String rate(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /**
     * @param r a ratio
     * @return two decimals, or n/a
     */
    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String fixed(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%,.1f", v);
    }
}
