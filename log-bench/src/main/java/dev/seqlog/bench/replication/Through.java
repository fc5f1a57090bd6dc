package dev.seqlog.bench.replication;

import java.util.Locale;

/** Which nodes the throughput producers write through. */
enum Through {
    /** Every producer writes through the node that led when the run started. */
    LEADER,
    /** Producer k writes through node k mod 3: two thirds of the writes are forwarded by a follower. */
    ANY;

    /**
     * @param flag the flag, for the message
     * @param v {@code leader} or {@code any}, in any case
     * @return the choice
     * @throws IllegalArgumentException for any other value
     */
    static Through parse(String flag, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "leader" -> LEADER;
            case "any" -> ANY;
            default -> throw new IllegalArgumentException(flag + " takes leader or any, got " + v);
        };
    }

    /** @return the flag's value for this choice */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
