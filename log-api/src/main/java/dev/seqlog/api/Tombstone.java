package dev.seqlog.api;

/**
 * An involuntary gap reported to a reader (API §4.3). {@code gapTo < gapFrom} denotes an empty range,
 * possible only with {@link TombstoneReason#RECREATED}.
 *
 * @param gapFrom first unavailable seq
 * @param gapTo last unavailable seq, inclusive
 * @param reason the cause; the range is what counts
 * @param missedEstimate estimate of records lost in the range
 * @param earliestSeq the topic's earliest live seq at the read
 * @param headSeq the topic's head at the read
 */
public record Tombstone(long gapFrom, long gapTo, TombstoneReason reason, long missedEstimate, long earliestSeq,
                        long headSeq) {
}
