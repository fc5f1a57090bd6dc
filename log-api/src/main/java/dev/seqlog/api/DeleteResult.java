package dev.seqlog.api;

/**
 * The outcome of a record delete.
 *
 * @param topic the topic name
 * @param deleted live records removed by this call
 * @param earliestSeq first live seq after the delete
 * @param headSeq the head, unchanged by deletes
 * @param count live records after the delete
 * @param bytes accounted bytes of live records after the delete
 * @param walAppendNanos time spent handing the delete to the log, in ns
 * @param fsyncNanos time the call waited for a flush, in ns
 */
public record DeleteResult(String topic, long deleted, long earliestSeq, long headSeq, long count, long bytes,
                           long walAppendNanos, long fsyncNanos) {
}
