package dev.seqlog.api;

import java.util.Collections;
import java.util.List;

/**
 * Counters of the WAL over all shards, for metrics. Zero for a log without a WAL (the in-memory engine).
 *
 * @param frames frames written
 * @param batches group-commit passes that wrote something
 * @param fsyncs flushes
 * @param bytesWritten bytes written
 * @param rotations file rotations
 * @param queueDepth frames queued and not yet written, now
 * @param queueDepthPeak the highest number of frames one shard had queued at once since start
 * @param admissionWaits appends that had to wait because the log not yet checkpointed exceeded its bound
 * @param fsyncLatencyCounts flushes per latency bucket (an immutable list), not cumulative: index {@code i}
 *        counts flushes that took more than {@code FSYNC_BUCKETS_US[i-1]} and at most {@code FSYNC_BUCKETS_US[i]} microseconds;
 *        the last index counts those above every bound. One entry per flush in {@code fsyncs}.
 * @param fsyncLatencySumUs total flush time in microseconds
 * @param readOnly whether a storage failure made the store read-only
 */
public record WalStats(long frames, long batches, long fsyncs, long bytesWritten, long rotations, long queueDepth,
                       long queueDepthPeak, long admissionWaits, List<Long> fsyncLatencyCounts, long fsyncLatencySumUs,
                       boolean readOnly) {
    /** Upper bounds of the flush latency buckets in microseconds (API §11.3); a last bucket holds the rest. */
    public static final long[] FSYNC_BUCKETS_US = {50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000};

    /** The counters of a log without a WAL. */
    public static final WalStats NONE = new WalStats(0, 0, 0, 0, 0, 0, 0, 0,
            Collections.nCopies(FSYNC_BUCKETS_US.length + 1, 0L), 0, false);
}
