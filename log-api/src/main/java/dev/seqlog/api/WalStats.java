package dev.seqlog.api;

/**
 * Counters of the WAL over all shards, for metrics. Zero for a log without a WAL (the in-memory engine).
 *
 * @param frames frames written
 * @param batches group-commit passes that wrote something
 * @param fsyncs flushes
 * @param bytesWritten bytes written
 * @param rotations file rotations
 * @param queueDepth frames queued and not yet written, now
 * @param readOnly whether a storage failure made the store read-only
 */
public record WalStats(long frames, long batches, long fsyncs, long bytesWritten, long rotations, long queueDepth,
                       boolean readOnly) {
    /** The counters of a log without a WAL. */
    public static final WalStats NONE = new WalStats(0, 0, 0, 0, 0, 0, false);
}
