package dev.seqlog.core;

/**
 * Counters of the WAL over all shards, for metrics. Zero for the in-memory engine.
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

    static WalStats of(java.util.List<dev.seqlog.core.internal.storage.WalShard> shards, boolean readOnly) {
        long frames = 0;
        long batches = 0;
        long fsyncs = 0;
        long bytes = 0;
        long rotations = 0;
        long depth = 0;
        for (var s : shards) {
            frames += s.framesWritten();
            batches += s.batchesWritten();
            fsyncs += s.syncCount();
            bytes += s.bytesWritten();
            rotations += s.rotationCount();
            depth += s.queueDepth();
        }
        return new WalStats(frames, batches, fsyncs, bytes, rotations, depth, readOnly);
    }
}
