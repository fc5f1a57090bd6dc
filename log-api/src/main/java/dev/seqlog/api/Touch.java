package dev.seqlog.api;

/**
 * Whether looking at a topic counts as reading it, for automatic priority (a topic with
 * {@code auto_priority} is ranked by when it was last read; SEMANTICS §15).
 */
public enum Touch {
    /** Look without counting as a read: {@code last_read_ts} stays as it is. */
    PEEK,
    /** Count as a read: {@code last_read_ts} becomes now. */
    READ
}
