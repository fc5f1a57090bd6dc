package dev.seqlog.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/** The one percentile line every harness in this module prints, so latencies read alike. Stateless. */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param nanos a histogram of nanoseconds
     * @return {@code p50=... p90=... p99=... p999=... max=... mean=...}, or {@code no samples}
     */
    public static String line(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50=%s p90=%s p99=%s p999=%s max=%s mean=%s",
                us(nanos.getValueAtPercentile(50)), us(nanos.getValueAtPercentile(90)),
                us(nanos.getValueAtPercentile(99)), us(nanos.getValueAtPercentile(99.9)), us(nanos.getMaxValue()),
                us((long) nanos.getMean()));
    }

    /** Microseconds below 10 ms, milliseconds with one decimal from there. */
    private static String us(long nanos) {
        return nanos >= 10_000_000 ? String.format(Locale.ROOT, "%.1fms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.0fus", nanos / 1e3);
    }
}
