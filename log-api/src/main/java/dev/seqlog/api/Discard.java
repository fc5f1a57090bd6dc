package dev.seqlog.api;

/** What a capped topic does when a write would exceed a cap. */
public enum Discard {
    /** Evict the oldest live records (reported to readers as a tombstone). */
    OLD,
    /** Refuse the whole write with {@link ErrorCode#TOPIC_FULL}. */
    REJECT;

    /**
     * The lowercase wire name.
     *
     * @return {@code "old"} or {@code "reject"}
     */
    public String wireName() {
        return this == OLD ? "old" : "reject";
    }

    /**
     * Parses a wire name.
     *
     * @param s the wire value
     * @return the policy
     * @throws SeqlogException invalid_request for an unknown value
     */
    public static Discard fromWire(String s) {
        if ("old".equals(s)) {
            return OLD;
        }
        if ("reject".equals(s)) {
            return REJECT;
        }
        throw SeqlogException.invalid("discard", "discard must be \"old\" or \"reject\"");
    }
}
