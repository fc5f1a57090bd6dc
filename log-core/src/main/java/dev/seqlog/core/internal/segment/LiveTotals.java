package dev.seqlog.core.internal.segment;

/**
 * What a segment counts of its records for the topic's totals: records not flagged deleted (records below the
 * topic's earliest seq still count), their accounted bytes, and records with a tag. Restored from a snapshot's
 * {@link SegmentMeta}, kept up by appends and deletes.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class LiveTotals {
    private int undeletedCount;
    private long undeletedBytes;
    private int taggedCount;

    void restore(SegmentMeta m) {
        undeletedCount = m.undeletedCount();
        undeletedBytes = m.undeletedBytes();
        taggedCount = m.taggedCount();
    }

    void added(long size, boolean tagged) {
        undeletedCount++;
        undeletedBytes += size;
        if (tagged) {
            taggedCount++;
        }
    }

    void deleted(long size) {
        undeletedCount--;
        undeletedBytes -= size;
    }

    /** Replaces the undeleted totals (a recount from the delete flags); the tagged count stays. */
    void recounted(int count, long bytes) {
        undeletedCount = count;
        undeletedBytes = bytes;
    }

    int undeletedCount() {
        return undeletedCount;
    }

    long undeletedBytes() {
        return undeletedBytes;
    }

    int taggedCount() {
        return taggedCount;
    }
}
