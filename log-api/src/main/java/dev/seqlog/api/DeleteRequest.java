package dev.seqlog.api;

/**
 * A permanent, silent, point-in-time delete of records (API §6). At least one selector is required;
 * with both, a record must satisfy both.
 *
 * @param beforeSeq select records with seq below this; null for no seq bound (0 selects nothing)
 * @param match tag predicate, or null
 */
public record DeleteRequest(Long beforeSeq, TagMatch match) {
    /**
     * Validates.
     *
     * @param beforeSeq seq bound
     * @param match tag predicate
     */
    public DeleteRequest {
        if (beforeSeq == null && match == null) {
            throw SeqlogException.invalid("before_seq", "a delete needs before_seq, match, or both");
        }
        if (beforeSeq != null && beforeSeq < 0) {
            throw SeqlogException.invalid("before_seq", "before_seq must be a non-negative integer");
        }
    }

    /**
     * Deletes every live record below {@code seq}.
     *
     * @param seq exclusive bound
     * @return the request
     */
    public static DeleteRequest before(long seq) {
        return new DeleteRequest(seq, null);
    }

    /**
     * Deletes every live record matching {@code match}.
     *
     * @param match the predicate
     * @return the request
     */
    public static DeleteRequest matching(TagMatch match) {
        return new DeleteRequest(null, match);
    }
}
