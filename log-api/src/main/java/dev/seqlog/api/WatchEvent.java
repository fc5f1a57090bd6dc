package dev.seqlog.api;

/**
 * What a watch delivers for one topic (API §8.5, SEMANTICS §16), in the order the read procedure yields it:
 * for each read of a topic, at most one {@link Gap}, then at most one {@link Records}, then a
 * {@link CaughtUp} when that read reached the head after an earlier one had not.
 */
public sealed interface WatchEvent permits WatchEvent.Records, WatchEvent.Gap, WatchEvent.CaughtUp,
        WatchEvent.TopicDeleted {

    /** @return the topic this event is about */
    String topic();

    /**
     * New records.
     *
     * @param topic the topic
     * @param fromSeq the topic's cursor before this batch
     * @param toSeq the cursor after it: the last seq examined, which may be above the last record's seq when
     *              trailing seqs were skipped (deleted or node-filtered)
     * @param headSeq the topic's head at the read
     * @param batch the records, at least one
     */
    record Records(String topic, long fromSeq, long toSeq, long headSeq, RecordBatch batch) implements WatchEvent {
    }

    /**
     * An involuntary gap crossed the cursor (SEMANTICS §6); the cursor is now {@code tombstone.gapTo()}. On the
     * first read of a topic after the watch started, a floor gap has reason
     * {@link TombstoneReason#FROM_SEQ_TOO_OLD}.
     *
     * @param topic the topic
     * @param tombstone the gap
     */
    record Gap(String topic, Tombstone tombstone) implements WatchEvent {
    }

    /**
     * The cursor reached the head: once per topic when it first gets there, and again after a read that ended
     * short of the head (because of the limit or byte budget) is followed by one that reaches it.
     *
     * @param topic the topic
     * @param headSeq the head, equal to the cursor
     */
    record CaughtUp(String topic, long headSeq) implements WatchEvent {
    }

    /**
     * The watched topic instance was deleted (even if a topic of the same name exists again): the topic
     * leaves the watch; the others continue.
     *
     * @param topic the topic
     * @param headSeq the cursor the watch had reached
     */
    record TopicDeleted(String topic, long headSeq) implements WatchEvent {
    }
}
