package dev.seqlog.api;

/**
 * The outcome of a successful append. Seqs are contiguous, so {@code firstSeq..lastSeq} lists them all.
 *
 * @param topic the topic name
 * @param firstSeq seq of the first record (the original one when deduplicated)
 * @param lastSeq seq of the last record
 * @param headSeq the topic's head after this call
 * @param count number of records in this write
 * @param created whether this call created the topic
 * @param deduped whether the idempotency key matched an earlier write (nothing was appended)
 * @param walAppendNanos time spent handing the write to the log, in ns
 * @param fsyncNanos time the call waited for a flush, in ns
 */
public record AppendResult(String topic, long firstSeq, long lastSeq, long headSeq, int count, boolean created,
                           boolean deduped, long walAppendNanos, long fsyncNanos) {
}
