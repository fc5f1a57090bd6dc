package dev.seqlog.bench.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The throughput section's Markdown table and verdict. Stateless. */
final class ThroughputTable {
    private ThroughputTable() {
    }

    /**
     * @param rows the measured rows
     * @return the table's lines, then the target's line where the target's producer count was measured
     */
    static List<String> lines(List<ThroughputRow> rows) {
        List<String> out = new ArrayList<>();
        out.add("| producers | single-node records/s | single-node p50 / p99 / p999 ms | replicated records/s "
                + "| replicated p50 / p99 / p999 ms | replicated ÷ single-node | failed appends (single, replicated) |");
        out.add("|---:|---:|---:|---:|---:|---:|---:|");
        for (ThroughputRow r : rows) {
            out.add(String.format(Locale.ROOT, "| %d | %,.0f | %s | %,.0f | %s | %.2f | %d, %d |", r.producers(),
                    r.single().rate(), latencies(r.single()), r.replicated().rate(), latencies(r.replicated()),
                    r.ratio(), r.single().errors(), r.replicated().errors()));
        }
        for (ThroughputRow r : rows) {
            if (r.producers() == ThroughputRow.TARGET_PRODUCERS) {
                out.add("");
                out.add(String.format(Locale.ROOT, "Target: replicated ≥ %.0f %% of single-node fsync at %d producers: "
                                + "%.0f %%, %s", ThroughputRow.TARGET_RATIO * 100, ThroughputRow.TARGET_PRODUCERS,
                        r.ratio() * 100, r.ratio() >= ThroughputRow.TARGET_RATIO ? "met" : "missed"));
            }
        }
        return out;
    }

    private static String latencies(LoadResult r) {
        return LoadResult.ms(r.millis(50)) + " / " + LoadResult.ms(r.millis(99)) + " / "
                + LoadResult.ms(r.millis(99.9));
    }
}
