package dev.seqlog.bench.replication;

import java.util.Locale;

/** A part of the replication benchmark that can be run on its own. */
enum Section {
    /** Replicated fsync appends against a single-node fsync engine, at each producer count. */
    THROUGHPUT,
    /** Repeated leader stops under keyed writes: the write gap of each, then a check of every replica. */
    FAILOVER;

    /**
     * @param flag the flag, for the message
     * @param v {@code throughput} or {@code failover}, in any case
     * @return the section
     * @throws IllegalArgumentException for any other value
     */
    static Section parse(String flag, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "throughput" -> THROUGHPUT;
            case "failover" -> FAILOVER;
            default -> throw new IllegalArgumentException(flag + " takes throughput and/or failover, got " + v);
        };
    }
}
