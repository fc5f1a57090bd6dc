package dev.seqlog.bench.redis;

/** The two servers compared. Immutable constants. */
enum Side {
    /** Redis Streams. */
    REDIS,
    /** The seqlog server. */
    SEQLOG;

    /** @return the other server */
    Side other() {
        return this == REDIS ? SEQLOG : REDIS;
    }
}
