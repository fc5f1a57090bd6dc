package dev.seqlog.api;

import java.util.List;

/**
 * The outcome of a read.
 *
 * @param records materialised records, or an empty list when a {@link RecordSink} received them
 * @param delivered number of records delivered
 * @param nextFromSeq the cursor to pass back: the highest seq examined
 * @param headSeq the topic's head at the read
 * @param earliestSeq the topic's earliest live seq at the read
 * @param tombstone the involuntary gap crossed by this read, or null
 * @param recordsScanned seqs examined, skipped ones included
 */
public record DiffResult(List<TopicRecord> records, int delivered, long nextFromSeq, long headSeq, long earliestSeq,
                         Tombstone tombstone, long recordsScanned) {

    /** @return whether the reader has reached the head: {@code nextFromSeq == headSeq} */
    public boolean caughtUp() {
        return nextFromSeq == headSeq;
    }

    /** @return {@code headSeq - nextFromSeq} */
    public long lag() {
        return headSeq - nextFromSeq;
    }
}
