package dev.seqlog.core.internal.segment;

/**
 * Thrown by a read, before it delivered anything, when it reaches a record of a tiered segment whose chunk the
 * local cache does not hold: the caller releases the topic's lock, fetches that chunk (and a few after it)
 * and reads again, so the topic's writers never wait on the object store.
 */
public final class SegmentNotResident extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;
    private final long seq;

    /**
     * @param segment the segment to fetch from
     * @param seq the record the read stopped at
     */
    public SegmentNotResident(Segment segment, long seq) {
        super(null, null, false, false);
        this.segment = segment;
        this.seq = seq;
    }

    /** @return the record the read stopped at */
    public long seq() {
        return seq;
    }

    /** @return the segment to fetch */
    public Segment segment() {
        return segment;
    }
}
