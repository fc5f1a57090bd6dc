package dev.seqlog.bench.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the side-by-side's Markdown tables: the figures with ratios, and the CPU each server spent. Stateless.
 */
final class ResultTable {
    /** States the ratio's orientation; printed above every table. */
    static final String ORIENTATION = "ratio: seqlog ÷ Redis for rates, Redis ÷ seqlog for latencies and CPU per "
            + "record, so > 1 means seqlog is better";

    private ResultTable() {
    }

    /**
     * @param redisName the Redis column's heading, e.g. {@code Redis 7}
     * @param rows the rows, in order
     * @return the table, one line per element, header and separator first
     */
    static List<String> render(String redisName, List<Row> rows) {
        List<String> out = new ArrayList<>();
        out.add("| workload | " + redisName + " | seqlog | ratio |");
        out.add("|---|---:|---:|---:|");
        for (Row r : rows) {
            String mark = r.verified() ? "" : " (unverified)";
            out.add("| " + r.label() + " | " + number(r.redis()) + " | " + number(r.seqlog()) + " | "
                    + ratio(r.ratio()) + mark + " |");
        }
        return out;
    }

    /**
     * @param redisName the Redis column's heading, e.g. {@code Redis 7}
     * @param rows the rows, in order
     * @return the CPU table, one line per element, header and separator first
     */
    static List<String> renderCpu(String redisName, List<CpuRow> rows) {
        List<String> out = new ArrayList<>();
        out.add("| workload | records | " + redisName + " CPU s | seqlog CPU s | " + redisName
                + " CPU µs/record | seqlog CPU µs/record | ratio |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        for (CpuRow r : rows) {
            out.add("| " + r.label() + " | " + String.format(Locale.ROOT, "%,d", r.records()) + " | "
                    + String.format(Locale.ROOT, "%.2f", r.redisSeconds()) + " | "
                    + String.format(Locale.ROOT, "%.2f", r.seqlogSeconds()) + " | " + number(r.redisMicrosPerRecord())
                    + " | " + number(r.seqlogMicrosPerRecord()) + " | " + ratio(r.ratio()) + " |");
        }
        return out;
    }

    /**
     * @param v a rate, a latency in µs or a CPU cost
     * @return grouped thousands without decimals from 100 up, one decimal from 10, two below (CPU µs per
     *         record of bulk workloads are single digits)
     */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String format = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, v);
    }

    /**
     * @param r a ratio
     * @return two decimals, or n/a when a figure was missing or zero
     */
    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
    }
}
