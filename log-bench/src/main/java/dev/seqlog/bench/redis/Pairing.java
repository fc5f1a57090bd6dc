package dev.seqlog.bench.redis;

/**
 * A seqlog durability class and the Redis AOF setting that promises the same. Immutable constants.
 */
enum Pairing {
    /** Acknowledged once written to the OS; flushed to disk shortly after (25 ms vs 1 s). */
    DISK_EVERYSEC("disk", "everysec"),
    /** Acknowledged only after an fsync covered the write. */
    FSYNC_ALWAYS("fsync", "always");

    private final String seqlogClass;
    private final String appendfsync;

    Pairing(String seqlogClass, String appendfsync) {
        this.seqlogClass = seqlogClass;
        this.appendfsync = appendfsync;
    }

    /** @return the seqlog topic durability class */
    String seqlogClass() {
        return seqlogClass;
    }

    /** @return the Redis {@code appendfsync} value */
    String appendfsync() {
        return appendfsync;
    }

    /** @return e.g. {@code disk vs everysec} */
    String label() {
        return seqlogClass + " vs " + appendfsync;
    }
}
