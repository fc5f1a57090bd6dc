package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;

/**
 * The log-position section of a snapshot (id {@link SnapshotBody#LOG_POSITION}, version 1, REQUIRED, at most
 * one, right after the engine section): written only by an engine whose operations live in an external
 * replicated log. It names the last entry of that log the snapshot includes. REQUIRED, so that a build which
 * does not know it never opens such a directory as if it were a standalone engine's.
 *
 * <pre>
 *  offset  size  field
 *  0       8     term of the last included entry
 *  8       8     index of the last included entry
 *  16      8     the log's time once that entry was applied, epoch ms
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class LogPositionSection {
    /** The content version this build writes and reads. */
    public static final int VERSION = 1;
    static final int TERM = 0;
    static final int INDEX = TERM + 8;
    static final int TIME = INDEX + 8;
    static final int SIZE = TIME + 8;

    private LogPositionSection() {
    }

    /**
     * Appends the section to a body being built.
     *
     * @param w the body
     * @param term the term
     * @param index the index
     * @param timeMs the log time
     */
    public static void write(SnapshotSections.Writer w, long term, long index, long timeMs) {
        w.beginSection(SnapshotBody.LOG_POSITION, VERSION, SnapshotSections.REQUIRED);
        int at = w.claim(SIZE);
        w.buffer().putLong(at + TERM, term).putLong(at + INDEX, index).putLong(at + TIME, timeMs);
        w.endSection();
    }

    /**
     * @param b a buffer
     * @param at where the content starts
     * @return the term
     */
    public static long term(ByteBuffer b, int at) {
        return b.getLong(at + TERM);
    }

    /**
     * @param b a buffer
     * @param at where the content starts
     * @return the index
     */
    public static long index(ByteBuffer b, int at) {
        return b.getLong(at + INDEX);
    }

    /**
     * @param b a buffer
     * @param at where the content starts
     * @return the log time
     */
    public static long time(ByteBuffer b, int at) {
        return b.getLong(at + TIME);
    }

    /**
     * @param at where the content starts
     * @return the offset just after it
     */
    public static int end(int at) {
        return at + SIZE;
    }
}
