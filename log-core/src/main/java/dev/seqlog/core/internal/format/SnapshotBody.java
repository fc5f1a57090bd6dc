package dev.seqlog.core.internal.format;


import java.nio.ByteBuffer;

/**
 * The body of a snapshot file in each snapshot format version, and the table of section ids.
 *
 * <pre>
 *  version 2: sections (SnapshotSections), in this order
 *    id  section  content version  flags     how many      content
 *    1   ENGINE   1                REQUIRED  exactly one   EngineSection: max topic id, WAL cut
 *    5   LOG_POS  1                REQUIRED  at most one   LogPositionSection: the external log's last
 *                                                          included entry; right after the engine section,
 *                                                          only with an external log
 *    2   TOPIC    1                REQUIRED  one per topic TopicSection: identity, config, watermarks,
 *                                                          loss ranges, segment list with tiers and flags
 *    3   QUEUE    1                REQUIRED  one per queue QueueSection: dead-letter counter, durable
 *                                  when it                 lease entries; right after its topic section
 *                                  holds leases
 *    6   IDEMPOT  1                -         at most one   IdempotencySection: the topic's idempotency map,
 *                                            per topic     only with an external log; right after its topic
 *                                                          (and queue) section
 *    4   ROUTERS  1                REQUIRED  at most one   RouterSection: the router catalog with cursors;
 *                                  when it                 after the topic sections
 *                                  holds routers
 *    0   END      0                -         last          end marker
 *    7.. free: a new feature takes the next id for its own section
 *
 *  version 1 (read only): the EngineSection content, topic count (4), then that many TopicSection contents
 *    back to back, with no section framing
 * </pre>
 *
 * <p>A version-2 reader meeting a section it does not know applies the unknown-section rule of
 * {@link SnapshotSections}: an optional one is skipped, a REQUIRED one refuses the snapshot.
 *
 * <p>Stateless; thread-safe.
 */
public final class SnapshotBody {
    /** Section id of the engine section. */
    public static final int ENGINE = 1;
    /** Section id of a topic section. */
    public static final int TOPIC = 2;
    /** Section id of a queue section. */
    public static final int QUEUE = 3;
    /** Section id of the router section. */
    public static final int ROUTERS = 4;
    /** Section id of the log-position section. */
    public static final int LOG_POSITION = 5;
    /** Section id of an idempotency section. */
    public static final int IDEMPOTENCY = 6;
    /** Snapshot format version of a flat body. */
    public static final int FLAT = 1;
    /** Snapshot format version of a body of sections. */
    public static final int SECTIONED = 2;
    /** Bytes of the topic count that follows the engine content in a flat body. */
    static final int FLAT_TOPIC_COUNT_SIZE = 4;

    /** Receives what a body holds, in body order. */
    public interface Visitor {
        /**
         * @param maxTopicId the highest topic id ever used
         * @param cut the WAL files the snapshot covers
         */
        void engine(long maxTopicId, WalCut cut);

        /**
         * @param topic one topic's content, valid during the call
         * @throws CorruptionException if its content does not decode
         */
        void topic(TopicSection.Reader topic) throws CorruptionException;

        /**
         * @param content one queue section's content (QueueSection), offset 0 to limit, valid during the call
         * @throws CorruptionException if its content does not decode
         */
        default void queue(ByteBuffer content) throws CorruptionException {
        }

        /**
         * @param content the router section's content (RouterSection), offset 0 to limit, valid during the call
         * @throws CorruptionException if its content does not decode
         */
        default void routers(ByteBuffer content) throws CorruptionException {
        }

        /**
         * @param term the external log's term of the last included entry
         * @param index its index
         * @param timeMs the log's time there
         */
        default void logPosition(long term, long index, long timeMs) {
        }

        /**
         * @param content one idempotency section's content (IdempotencySection), offset 0 to limit, valid
         *        during the call
         * @throws CorruptionException if its content does not decode
         */
        default void idempotency(ByteBuffer content) throws CorruptionException {
        }
    }

    private SnapshotBody() {
    }

    /**
     * Starts a body in the current format: the engine section first; topic sections follow, then
     * {@link SnapshotSections.Writer#finish()}.
     *
     * @param maxTopicId the highest topic id ever used
     * @param cut the WAL files the snapshot covers
     * @param topics how many topic sections will follow (sizes the buffer)
     * @return the body being built
     */
    public static SnapshotSections.Writer begin(long maxTopicId, WalCut cut, int topics) {
        SnapshotSections.Writer w = new SnapshotSections.Writer(256 + 256 * Math.min(topics, 1 << 16));
        EngineSection.write(w, maxTopicId, cut);
        return w;
    }

    /**
     * As {@link #begin(long, WalCut, int)}, followed by the log-position section.
     *
     * @param maxTopicId the highest topic id ever used
     * @param cut the WAL files the snapshot covers
     * @param topics how many topic sections will follow
     * @param term the external log's term of the last included entry
     * @param index its index
     * @param timeMs the log's time there
     * @return the body being built
     */
    public static SnapshotSections.Writer begin(long maxTopicId, WalCut cut, int topics, long term, long index,
                                                long timeMs) {
        SnapshotSections.Writer w = begin(maxTopicId, cut, topics);
        LogPositionSection.write(w, term, index, timeMs);
        return w;
    }

    /**
     * Decodes a body whose snapshot file checksum already matched.
     *
     * @param version the snapshot file's format version
     * @param body the body, offset 0 to limit
     * @param visitor receives the content
     * @throws CorruptionException if the body does not parse
     * @throws UnsupportedFormatException for an unknown version, or a required section this build does not know
     */
    public static void read(int version, ByteBuffer body, Visitor visitor)
            throws CorruptionException, UnsupportedFormatException {
        try {
            if (version == FLAT) {
                readFlat(body, visitor);
            } else if (version == SECTIONED) {
                readSections(body, visitor);
            } else {
                throw new UnsupportedFormatException("unsupported snapshot body version: found=" + version
                        + " expected=" + FLAT + ".." + SECTIONED);
            }
        } catch (RuntimeException e) {
            throw new CorruptionException("snapshot body does not parse: version=" + version + " reason=" + e);
        }
    }

    private static void readFlat(ByteBuffer b, Visitor visitor) throws CorruptionException {
        visitor.engine(EngineSection.maxTopicId(b, 0), EngineSection.cut(b, 0));
        int at = EngineSection.end(b, 0);
        int topics = b.getInt(at);
        at += FLAT_TOPIC_COUNT_SIZE;
        for (int i = 0; i < topics; i++) {
            TopicSection.Reader t = new TopicSection.Reader(b, at);
            at = t.end();
            visitor.topic(t);
        }
        if (at != b.limit()) {
            throw new CorruptionException("snapshot body has unread bytes: offset=" + at + " length=" + b.limit());
        }
    }

    private static void readSections(ByteBuffer b, Visitor visitor)
            throws CorruptionException, UnsupportedFormatException {
        SnapshotSections.Reader s = new SnapshotSections.Reader(b);
        boolean engine = false;
        boolean position = false;
        while (s.next()) {
            if (s.is(ENGINE, EngineSection.VERSION)) {
                if (engine) {
                    throw new CorruptionException("snapshot has two engine sections: offset=" + s.content());
                }
                engine = true;
                s.consumed(EngineSection.end(b, s.content()));
                visitor.engine(EngineSection.maxTopicId(b, s.content()), EngineSection.cut(b, s.content()));
            } else if (s.is(TOPIC, TopicSection.VERSION)) {
                TopicSection.Reader t = new TopicSection.Reader(b, s.content());
                s.consumed(t.end());
                visitor.topic(t);
            } else if (s.is(QUEUE, QueueSection.VERSION)) {
                s.consumed(s.contentEnd());
                visitor.queue(b.slice(s.content(), s.contentEnd() - s.content()));
            } else if (s.is(LOG_POSITION, LogPositionSection.VERSION)) {
                if (position) {
                    throw new CorruptionException("snapshot has two log-position sections: offset=" + s.content());
                }
                position = true;
                s.consumed(LogPositionSection.end(s.content()));
                visitor.logPosition(LogPositionSection.term(b, s.content()), LogPositionSection.index(b, s.content()),
                        LogPositionSection.time(b, s.content()));
            } else if (s.is(IDEMPOTENCY, IdempotencySection.VERSION)) {
                s.consumed(s.contentEnd());
                visitor.idempotency(b.slice(s.content(), s.contentEnd() - s.content()));
            } else if (s.is(ROUTERS, RouterSection.VERSION)) {
                s.consumed(s.contentEnd());
                visitor.routers(b.slice(s.content(), s.contentEnd() - s.content()));
            } else {
                s.skipUnknown();
            }
        }
        if (!engine) {
            throw new CorruptionException("snapshot has no engine section");
        }
    }
}
