package dev.seqlog.server.cli;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The text of {@code bench}: the live progress line and the final report, {@code key=value} words on
 * labelled lines so that a person reads them and a script splits them. Latencies are kept in nanoseconds
 * and printed in milliseconds. Stateless; thread-safe.
 */
final class BenchReport {
    private static final double MIB = 1024.0 * 1024.0;
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private BenchReport() {
    }

    /** A latency histogram at three significant digits, growing past ten minutes rather than failing. */
    static Histogram histogram() {
        Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        h.setAutoResize(true);
        return h;
    }

    /** One progress line: totals and the rates since the previous line. */
    static String progress(double elapsedS, long written, long writtenBytes, long read, long readBytes,
            double intervalS, long writtenBefore, long readBefore) {
        return String.format(Locale.ROOT, "%6.1fs  written %d (%.0f/s, %.2f MiB)  read %d (%.0f/s, %.2f MiB)",
                elapsedS, written, (written - writtenBefore) / intervalS, writtenBytes / MIB, read,
                (read - readBefore) / intervalS, readBytes / MIB);
    }

    static void throughput(PrintStream out, String label, long records, long bytes, long nanos) {
        double s = Math.max(nanos, 1) / 1e9;
        out.printf(Locale.ROOT, "%s records=%d bytes=%d elapsed_s=%.3f records_per_s=%.1f mib_per_s=%.3f%n", label,
                records, bytes, s, records / s, bytes / MIB / s);
    }

    static void latency(PrintStream out, String label, Histogram h) {
        StringBuilder b = new StringBuilder(label).append(" count=").append(h.getTotalCount());
        for (double p : PERCENTILES) {
            b.append(" p").append(p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)).append('=')
                    .append(ms(h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p)));
        }
        b.append(" max=").append(ms(h.getTotalCount() == 0 ? 0 : h.getMaxValue()));
        out.println(b);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
