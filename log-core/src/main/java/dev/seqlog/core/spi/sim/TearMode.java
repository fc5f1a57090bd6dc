package dev.seqlog.core.spi.sim;

/** What {@link SimulatedFileSystem#powerLoss} keeps of writes that were not flushed. Immutable. */
public enum TearMode {
    /** No unflushed write survives: every file holds exactly its flushed content. */
    NONE,
    /** Every unflushed write survives, in order, as if the cache was flushed just in time. */
    ALL,
    /**
     * A seeded-random subset of each file's unflushed writes and truncations survives, applied in a random
     * order, and one surviving write per file may be cut at a 512-byte sector boundary (a prefix of it).
     */
    TORN
}
