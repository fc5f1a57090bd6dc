package dev.seqlog.bench.replication;

/**
 * Both sides at one producer count, measured in the same run. Immutable.
 *
 * @param producers producer threads
 * @param single the single-node fsync engine (the anchor)
 * @param replicated the three-node cluster
 */
record ThroughputRow(int producers, LoadResult single, LoadResult replicated) {
    /** The target: replicated at least half the single node's rate at 64 producers. */
    static final double TARGET_RATIO = 0.50;
    /** The producer count the target is set at. */
    static final int TARGET_PRODUCERS = 64;

    /** @return replicated records/s ÷ single-node records/s */
    double ratio() {
        return replicated.rate() / single.rate();
    }
}
