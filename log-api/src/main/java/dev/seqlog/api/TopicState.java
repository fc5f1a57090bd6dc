package dev.seqlog.api;

/**
 * A topic's state (API §2.2); also the entry type of a topic listing.
 *
 * @param topic the name
 * @param headSeq highest seq assigned, 0 if none
 * @param earliestSeq lowest live seq, or {@code headSeq + 1}
 * @param count live records
 * @param bytes accounted bytes of live records
 * @param config the resolved configuration
 * @param effectivePriority the scheduling priority in effect now
 * @param lastWriteTs commit time of the latest append, or null
 * @param lastReadTs time of the latest read that counts for priority, or null
 * @param queue the queue counters of a queue topic, null for a log
 */
public record TopicState(String topic, long headSeq, long earliestSeq, long count, long bytes, TopicConfig config,
                         int effectivePriority, Long lastWriteTs, Long lastReadTs, QueueCounters queue) {

    /**
     * The state of a log topic.
     *
     * @param topic the name
     * @param headSeq highest seq assigned
     * @param earliestSeq lowest live seq
     * @param count live records
     * @param bytes accounted bytes
     * @param config the configuration
     * @param effectivePriority the priority
     * @param lastWriteTs the latest append, or null
     * @param lastReadTs the latest read, or null
     */
    public TopicState(String topic, long headSeq, long earliestSeq, long count, long bytes, TopicConfig config,
                      int effectivePriority, Long lastWriteTs, Long lastReadTs) {
        this(topic, headSeq, earliestSeq, count, bytes, config, effectivePriority, lastWriteTs, lastReadTs, null);
    }

    /** @return {@code headSeq + 1} */
    public long nextSeq() {
        return headSeq + 1;
    }

    /** @return the topic kind */
    public TopicType type() {
        return config.type();
    }
}
