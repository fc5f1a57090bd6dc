package dev.seqlog.core.internal.topic;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

/**
 * The admission check of a {@code discard: "reject"} topic (SEMANTICS §7.1): a write that could never fit the
 * caps is {@code record_too_large}, one that does not fit now is {@code topic_full}. Stateless; the caller holds
 * the topic's lock.
 */
final class RejectCaps {
    private RejectCaps() {
    }

    static void check(TopicLog t, int n, long batchBytes) {
        long capR = t.config.capRecords();
        long capB = t.config.capBytes();
        if ((capR > 0 && n > capR) || (capB > 0 && batchBytes > capB)) {
            boolean byCount = capR > 0 && n > capR;
            throw new SeqlogException(ErrorCode.RECORD_TOO_LARGE, "the write can never fit this topic's caps")
                    .with("limit", byCount ? "cap_records" : "cap_bytes").with("max", byCount ? capR : capB)
                    .with("size", byCount ? n : batchBytes);
        }
        LiveRecords live = t.live;
        if ((capR > 0 && live.count() + n > capR) || (capB > 0 && live.bytes() + batchBytes > capB)) {
            throw new SeqlogException(ErrorCode.TOPIC_FULL, "topic \"" + t.name + "\" is full")
                    .with("cap_records", capR).with("cap_bytes", capB).with("count", live.count())
                    .with("bytes", live.bytes()).with("head_seq", t.w.visibleHead)
                    .with("earliest_seq", t.w.visibleEarliest());
        }
    }
}
