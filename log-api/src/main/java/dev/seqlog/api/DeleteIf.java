package dev.seqlog.api;

/** When {@link EventLog#deleteTopic(String, DeleteIf)} may delete a topic. */
public enum DeleteIf {
    /** Delete the topic with whatever records it holds. */
    ALWAYS,
    /** Delete it only while it has no live record; otherwise refuse with {@code topic_not_empty}. */
    EMPTY
}
