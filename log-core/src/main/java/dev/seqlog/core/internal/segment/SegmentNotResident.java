package dev.seqlog.core.internal.segment;

/**
 * Thrown by a read, before it delivered anything, when it reaches a tiered segment the local cache does not
 * hold: the caller releases the topic's lock, fetches the segment and reads again, so the topic's writers
 * never wait on the object store.
 */
public final class SegmentNotResident extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;

    /** @param segment the segment to fetch */
    public SegmentNotResident(Segment segment) {
        super(null, null, false, false);
        this.segment = segment;
    }

    /** @return the segment to fetch */
    public Segment segment() {
        return segment;
    }
}
