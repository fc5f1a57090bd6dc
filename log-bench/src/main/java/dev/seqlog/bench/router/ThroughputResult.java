package dev.seqlog.bench.router;

import java.util.List;
import java.util.Locale;

/**
 * One throughput run: N records written with the windowed writer, timed until they were visible where they are
 * read (the topic itself, or every destination). Immutable.
 *
 * @param side direct or forwarding
 * @param fanout destinations (1 for the direct anchor's single topic)
 * @param records records written
 * @param ackNanos from the first append until the last acknowledgement
 * @param visibleNanos from the first append until the last record was acknowledged and visible everywhere
 * @param drainNanos from the last acknowledgement until the last record was visible everywhere, 0 if before
 * @param backlog copies (over all destinations) not yet visible just after the last acknowledgement
 * @param problems what failed, empty when the run verified
 */
record ThroughputResult(Side side, int fanout, long records, long ackNanos, long visibleNanos, long drainNanos,
                        long backlog, List<String> problems) {

    /**
     * Copies the problems so the record stays immutable.
     *
     * @param side direct or forwarding
     * @param fanout destinations (1 for the direct anchor's single topic)
     * @param records records written
     * @param ackNanos from the first append until the last acknowledgement
     * @param visibleNanos from the first append until the last record was acknowledged and visible everywhere
     * @param drainNanos from the last acknowledgement until the last record was visible everywhere, 0 if before
     * @param backlog copies (over all destinations) not yet visible just after the last acknowledgement
     * @param problems what failed, empty when the run verified
     */
    ThroughputResult {
        problems = List.copyOf(problems);
    }

    /** @return records per second visible in each destination (in the topic, for the anchor) */
    double rate() {
        return records * 1e9 / visibleNanos;
    }

    /** @return records per second visible over all destinations together */
    double allCopiesRate() {
        return rate() * fanout;
    }

    /** @return records per second acknowledged to the writer */
    double ackRate() {
        return records * 1e9 / ackNanos;
    }

    /**
     * @return copies per second made visible after the writer finished; NaN when the backlog was under 1 % of
     *         the copies, where the figure would time a handful of copies
     */
    double drainRate() {
        return backlog * 100 < records * fanout || drainNanos == 0 ? Double.NaN : backlog * 1e9 / drainNanos;
    }

    /** @return whether every check held */
    boolean verified() {
        return problems.isEmpty();
    }

    /** @return the run as one summary line */
    String line() {
        String verify = verified() ? "verify OK" : "VERIFY FAILED: " + String.join("; ", problems);
        if (side == Side.DIRECT) {
            return String.format(Locale.ROOT, "%,d records: %,.0f records/s acknowledged and visible (acks %,.0f/s); "
                    + "%s", records, rate(), ackRate(), verify);
        }
        return String.format(Locale.ROOT, "%,d records: %,.0f copies/s per destination (%,.0f copies/s in all), "
                        + "source acks %,.0f/s; end lag %.1f ms, backlog at the last ack %,d, drained at %s copies/s; "
                        + "%s", records, rate(), allCopiesRate(), ackRate(), drainNanos / 1e6, backlog,
                RouterTables.rate(drainRate()), verify);
    }
}
