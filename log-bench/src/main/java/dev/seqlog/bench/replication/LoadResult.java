package dev.seqlog.bench.replication;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * What one throughput run measured: appends acknowledged in the measured window and the latency of each.
 * Immutable once built (the histogram is not changed after).
 *
 * @param side the side's label
 * @param producers producer threads
 * @param records appends acknowledged within the measured window (one record each)
 * @param seconds the measured window
 * @param errors appends that failed, warm-up included
 * @param firstError the first failure's message, or null
 * @param latencyNanos the latency of each counted append
 */
record LoadResult(String side, int producers, long records, double seconds, long errors, String firstError,
                  Histogram latencyNanos) {

    /** @return records per second over the measured window */
    double rate() {
        return records / seconds;
    }

    /**
     * @param percentile e.g. 99.9
     * @return the latency at that percentile, ms
     */
    double millis(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? Double.NaN : latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }

    /** @return a one-line summary */
    String line() {
        return String.format(Locale.ROOT, "%s, %d producers: %,.0f records/s (%,d in %.1f s), p50 %s ms, p99 %s ms, "
                        + "p999 %s ms, max %s ms; %d failed appends%s", side, producers, rate(), records, seconds,
                ms(millis(50)), ms(millis(99)), ms(millis(99.9)), ms(latencyNanos.getMaxValue() / 1e6), errors,
                firstError == null ? "" : " (first: " + firstError + ")");
    }

    /**
     * @param millis a latency, ms, or NaN for none
     * @return it with two decimals below 10 ms, one below 100 ms, none above; "-" for NaN
     */
    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        String f = millis < 10 ? "%.2f" : millis < 100 ? "%.1f" : "%,.0f";
        return String.format(Locale.ROOT, f, millis);
    }
}
