package dev.seqlog.api;

/**
 * A watched topic as it was bound (API §8.2 response): where reading starts and the topic's watermarks then.
 *
 * @param fromSeq the resolved starting cursor (after {@code tail})
 * @param headSeq the topic's head when the watch was bound
 * @param earliestSeq the topic's earliest live seq when the watch was bound
 */
public record WatchPosition(long fromSeq, long headSeq, long earliestSeq) {
}
