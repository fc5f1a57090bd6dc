package dev.seqlog.bench.router;

import dev.seqlog.bench.Percentiles;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * One latency run: for each paced write, the time from just before the append until the record was visible
 * where it is read (for fan-out, in the last destination), and until the writer's acknowledgement. Immutable
 * once built: the histograms are not changed after construction.
 *
 * @param side direct or forwarding
 * @param visible write → visible, ns
 * @param ack write → acknowledgement, ns
 * @param rate writes per second achieved
 * @param problems what failed, empty when the run verified
 */
record LatencyResult(Side side, Histogram visible, Histogram ack, double rate, List<String> problems) {

    /**
     * Copies the problems so the record stays immutable.
     *
     * @param side direct or forwarding
     * @param visible write → visible, ns
     * @param ack write → acknowledgement, ns
     * @param rate writes per second achieved
     * @param problems what failed, empty when the run verified
     */
    LatencyResult {
        problems = List.copyOf(problems);
    }

    /**
     * @param percentile e.g. 99.9
     * @return write → visible at it, in µs, NaN without samples
     */
    double visibleMicros(double percentile) {
        return visible.getTotalCount() == 0 ? Double.NaN : visible.getValueAtPercentile(percentile) / 1e3;
    }

    /** @return whether every check held */
    boolean verified() {
        return problems.isEmpty();
    }

    /** @return the run as summary lines */
    List<String> lines() {
        return List.of(String.format(Locale.ROOT, "%,d writes at %,.0f/s", visible.getTotalCount(), rate),
                "   visible " + Percentiles.line(visible),
                "   ack     " + Percentiles.line(ack),
                "   " + (verified() ? "verify OK" : "VERIFY FAILED: " + String.join("; ", problems)));
    }
}
