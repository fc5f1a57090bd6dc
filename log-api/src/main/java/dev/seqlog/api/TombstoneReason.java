package dev.seqlog.api;

/** Why a range of seqs became unavailable to a reader (SEMANTICS §6.4). */
public enum TombstoneReason {
    /** Evicted by {@code cap_records} or {@code cap_bytes}. */
    CAP,
    /** Expired by {@code ttl_ms}. */
    TTL,
    /** More than one cause contributed. */
    MIXED,
    /** The cursor is beyond the head: the log it belonged to no longer exists in that form. */
    RECREATED,
    /** A router's source lost records before they were forwarded. */
    SOURCE_TRIM,
    /** Records lost in a restart. */
    RESTART,
    /** A stream's first read started below the floor. */
    FROM_SEQ_TOO_OLD;

    /**
     * The snake_case wire name.
     *
     * @return the name as used in {@code reason}
     */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
