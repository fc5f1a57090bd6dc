package dev.seqlog.core.internal.segment;

/**
 * Metadata of a segment as a snapshot records it, and as recovery restores it ({@link Segment#meta()}).
 *
 * @param count entries
 * @param bytes bytes used
 * @param sealed whether it takes no more records
 * @param undeletedCount entries not deleted
 * @param undeletedBytes accounted bytes of those
 * @param taggedCount entries with a tag
 * @param firstTs ts of the first entry
 * @param lastTs ts of the last entry
 * @param cold whether it lives in the cold directory
 * @param objectId its object id when it lives in the object store, else 0
 */
public record SegmentMeta(int count, int bytes, boolean sealed, int undeletedCount, long undeletedBytes,
                          int taggedCount, long firstTs, long lastTs, boolean cold, long objectId) {
    /** Metadata of a segment kept in a file. */
    public SegmentMeta(int count, int bytes, boolean sealed, int undeletedCount, long undeletedBytes,
                       int taggedCount, long firstTs, long lastTs, boolean cold) {
        this(count, bytes, sealed, undeletedCount, undeletedBytes, taggedCount, firstTs, lastTs, cold, 0);
    }

    /** @return whether the segment lives in the object store */
    public boolean inObjects() {
        return objectId != 0;
    }
}
