package dev.seqlog.api;

/**
 * Where a watch starts reading one topic (API §8.2 {@code topics[t]}).
 *
 * @param fromSeq records with a seq above this are delivered; ignored when {@code tail} is set
 * @param tail start at the topic's head when the watch is bound, so only later writes are delivered
 */
public record WatchStart(long fromSeq, boolean tail) {
    /**
     * Validates.
     *
     * @param fromSeq cursor
     * @param tail whether to start at the head
     */
    public WatchStart {
        if (fromSeq < 0) {
            throw SeqlogException.invalid("from_seq", "from_seq must be a non-negative integer");
        }
    }

    /**
     * Records after {@code fromSeq}.
     *
     * @param fromSeq the cursor, 0 for the beginning
     * @return the start
     */
    public static WatchStart after(long fromSeq) {
        return new WatchStart(fromSeq, false);
    }

    /** @return a start at the head: only records written after the watch is bound */
    public static WatchStart atTail() {
        return new WatchStart(0, true);
    }
}
