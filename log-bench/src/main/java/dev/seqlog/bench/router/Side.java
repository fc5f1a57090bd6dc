package dev.seqlog.bench.router;

import java.util.List;

/** The two sides of every point: writes read where they were made, and writes read through routers. Immutable. */
enum Side {
    /** Appends to one topic, measured until they are visible there: the anchor. */
    DIRECT("direct"),
    /** Appends to a source topic, measured until every destination shows the copies. */
    FORWARDING("forwarding");

    private final String label;

    Side(String label) {
        this.label = label;
    }

    /** @return e.g. {@code direct} */
    String label() {
        return label;
    }

    /**
     * The order of the sides in one round: it turns every round, so neither side always runs first in a warm
     * (or a tired) machine.
     *
     * @param round the round, from 0
     * @return both sides, direct first in even rounds
     */
    static List<Side> inRound(int round) {
        return round % 2 == 0 ? List.of(DIRECT, FORWARDING) : List.of(FORWARDING, DIRECT);
    }
}
