package dev.seqlog.core.internal.format;

import dev.seqlog.api.TombstoneReason;

import java.nio.ByteBuffer;

/**
 * The interior loss ranges of a topic in a snapshot (inside {@link TopicSection}, after the watermarks):
 * ranges of seqs that readers are shown a tombstone for.
 *
 * <pre>
 *  offset  size  field
 *  0       4     ranges r
 *  4       25 r  r ranges, each:
 *    0     8     from: first seq
 *    8     8     to: last seq
 *    16    1     reason (PersistedCodes)
 *    17    8     missed: estimated records lost
 * </pre>
 *
 * <p>Writers and readers are confined to one thread.
 */
public final class LossList {
    static final int COUNT = 0;
    static final int FIRST = COUNT + 4;
    static final int FROM = 0;
    static final int TO = FROM + 8;
    static final int REASON = TO + 8;
    static final int MISSED = REASON + 1;
    static final int SIZE = MISSED + 8;

    private LossList() {
    }

    /**
     * @param b a buffer
     * @param at where a list starts
     * @return the offset just after it
     * @throws IndexOutOfBoundsException if its count overruns the buffer
     */
    static int end(ByteBuffer b, int at) {
        int n = b.getInt(at + COUNT);
        if (n < 0 || n > (b.limit() - at - FIRST) / SIZE) {
            throw new IndexOutOfBoundsException("loss count " + n + " overruns the content");
        }
        return at + FIRST + SIZE * n;
    }

    /** Writes the ranges into space claimed for all of them. */
    public static final class Writer {
        private final SnapshotSections.Writer w;
        private final int at;

        Writer(SnapshotSections.Writer w, int count) {
            this.w = w;
            at = w.claim(FIRST + SIZE * count);
            w.buffer().putInt(at + COUNT, count);
        }

        /**
         * @param i index among the ranges
         * @param from first seq
         * @param to last seq
         * @param reason the tombstone reason
         * @param missed estimated records lost
         * @return this
         */
        public Writer loss(int i, long from, long to, TombstoneReason reason, long missed) {
            int r = at + FIRST + SIZE * i;
            w.buffer().putLong(r + FROM, from).putLong(r + TO, to).put(r + REASON, PersistedCodes.code(reason))
                    .putLong(r + MISSED, missed);
            return this;
        }
    }

    /** Reads the ranges of a list that {@link #end} accepted. */
    public static final class Reader {
        private final ByteBuffer b;
        private final int at;

        Reader(ByteBuffer b, int at) {
            this.b = b;
            this.at = at;
        }

        /** @return how many ranges */
        public int count() {
            return b.getInt(at + COUNT);
        }

        /**
         * @param i index
         * @return its first seq
         */
        public long from(int i) {
            return b.getLong(at + FIRST + SIZE * i + FROM);
        }

        /**
         * @param i index
         * @return its last seq
         */
        public long to(int i) {
            return b.getLong(at + FIRST + SIZE * i + TO);
        }

        /**
         * @param i index
         * @return its reason
         * @throws CorruptionException for an unknown code
         */
        public TombstoneReason reason(int i) throws CorruptionException {
            return PersistedCodes.reason(b.get(at + FIRST + SIZE * i + REASON));
        }

        /**
         * @param i index
         * @return its estimate of records lost
         */
        public long missed(int i) {
            return b.getLong(at + FIRST + SIZE * i + MISSED);
        }
    }
}
