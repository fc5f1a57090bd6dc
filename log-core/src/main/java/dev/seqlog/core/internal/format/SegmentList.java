package dev.seqlog.core.internal.format;


import java.nio.ByteBuffer;

/**
 * The segment list of a topic in a snapshot (the tail of {@link TopicSection}): per segment, oldest first, what
 * recovery needs to reopen its file without scanning it, and the deletes not yet flagged in the file.
 *
 * <pre>
 *  offset  size  field
 *  0       4     segments m
 *  4       ..    m segments, each:
 *    0     8     base seq
 *    8     4     entry count
 *    12    4     entry bytes valid in the file
 *    16    1     sealed (0 or 1)
 *    17    4     undeleted count
 *    21    8     undeleted bytes
 *    29    4     tagged count
 *    33    8     first ts
 *    41    8     last ts
 *    49    1     tier (PersistedCodes: 0 data directory, 1 cold directory, 2 object store)
 *    50    4     k: entries deleted since their bytes were written, not yet flagged in the file
 *                (object store: every entry deleted since the upload, as the object never changes)
 *    54    4 k   their entry numbers
 *    54+4k 8     object store only: the object id, part of the object's key
 * </pre>
 *
 * <p>The object id follows the flags so that snapshots without object-store segments keep the layout of
 * the formats before it; a build that does not know tier 2 refuses the snapshot (unknown tier code).
 *
 * <p>Writers and readers are confined to one thread.
 */
public final class SegmentList {
    static final int COUNT = 0;
    static final int FIRST = COUNT + 4;
    static final int BASE_SEQ = 0;
    static final int ENTRIES = BASE_SEQ + 8;
    static final int BYTES = ENTRIES + 4;
    static final int SEALED = BYTES + 4;
    static final int UNDELETED_COUNT = SEALED + 1;
    static final int UNDELETED_BYTES = UNDELETED_COUNT + 4;
    static final int TAGGED_COUNT = UNDELETED_BYTES + 8;
    static final int FIRST_TS = TAGGED_COUNT + 4;
    static final int LAST_TS = FIRST_TS + 8;
    static final int TIER = LAST_TS + 8;
    static final int FLAG_COUNT = TIER + 1;
    static final int FLAGS = FLAG_COUNT + 4;
    static final int FLAG_SIZE = 4;
    static final int OBJECT_ID_SIZE = 8;

    private SegmentList() {
    }

    /**
     * @param b a buffer
     * @param at where a list starts
     * @return the offset just after it
     */
    static int end(ByteBuffer b, int at) {
        int n = b.getInt(at + COUNT);
        if (n < 0) {
            throw new IndexOutOfBoundsException("negative segment count " + n);
        }
        int s = at + FIRST;
        for (int i = 0; i < n; i++) {
            int k = b.getInt(s + FLAG_COUNT);
            if (k < 0 || k > (b.limit() - s - FLAGS) / FLAG_SIZE) {
                throw new IndexOutOfBoundsException("flag count " + k + " overruns the content");
            }
            s += FLAGS + FLAG_SIZE * k + (b.get(s + TIER) == PersistedCodes.TIER_OBJECTS ? OBJECT_ID_SIZE : 0);
        }
        return s;
    }

    /** Appends segments to a topic section being written: {@link #next} once per segment, then its fields. */
    public static final class Writer {
        private final SnapshotSections.Writer w;
        private int at = -1;

        Writer(SnapshotSections.Writer w, int count) {
            this.w = w;
            int at = w.claim(FIRST); // before buffer(): a claim may replace the buffer
            w.buffer().putInt(at + COUNT, count);
        }

        /**
         * @param flagCount how many entry numbers the segment lists
         * @return this, now at the new segment
         */
        public Writer next(int flagCount) {
            return next(flagCount, 0);
        }

        /**
         * @param flagCount how many entry numbers the segment lists
         * @param objectId the segment's object id in the object store, or 0 if it is a file
         * @return this, now at the new segment
         */
        public Writer next(int flagCount, long objectId) {
            int size = FLAGS + FLAG_SIZE * flagCount;
            at = w.claim(size + (objectId != 0 ? OBJECT_ID_SIZE : 0));
            w.buffer().putInt(at + FLAG_COUNT, flagCount);
            if (objectId != 0) {
                w.buffer().put(at + TIER, PersistedCodes.TIER_OBJECTS).putLong(at + size, objectId);
            }
            return this;
        }

        /**
         * @param v base seq
         * @return this
         */
        public Writer baseSeq(long v) {
            w.buffer().putLong(at + BASE_SEQ, v);
            return this;
        }

        /**
         * @param v entry count
         * @return this
         */
        public Writer entries(int v) {
            w.buffer().putInt(at + ENTRIES, v);
            return this;
        }

        /**
         * @param v valid entry bytes
         * @return this
         */
        public Writer bytes(int v) {
            w.buffer().putInt(at + BYTES, v);
            return this;
        }

        /**
         * @param v whether sealed
         * @return this
         */
        public Writer sealed(boolean v) {
            w.buffer().put(at + SEALED, (byte) (v ? 1 : 0));
            return this;
        }

        /**
         * @param v undeleted count
         * @return this
         */
        public Writer undeletedCount(int v) {
            w.buffer().putInt(at + UNDELETED_COUNT, v);
            return this;
        }

        /**
         * @param v undeleted bytes
         * @return this
         */
        public Writer undeletedBytes(long v) {
            w.buffer().putLong(at + UNDELETED_BYTES, v);
            return this;
        }

        /**
         * @param v tagged count
         * @return this
         */
        public Writer taggedCount(int v) {
            w.buffer().putInt(at + TAGGED_COUNT, v);
            return this;
        }

        /**
         * @param v first ts
         * @return this
         */
        public Writer firstTs(long v) {
            w.buffer().putLong(at + FIRST_TS, v);
            return this;
        }

        /**
         * @param v last ts
         * @return this
         */
        public Writer lastTs(long v) {
            w.buffer().putLong(at + LAST_TS, v);
            return this;
        }

        /**
         * @param v whether in the cold tier
         * @return this
         */
        public Writer cold(boolean v) {
            if (w.buffer().get(at + TIER) != PersistedCodes.TIER_OBJECTS) { // set by next() with an object id
                w.buffer().put(at + TIER, PersistedCodes.tierCode(v));
            }
            return this;
        }

        /**
         * @param k index among the segment's flags
         * @param entry an entry number
         * @return this
         */
        public Writer flag(int k, int entry) {
            w.buffer().putInt(at + FLAGS + FLAG_SIZE * k, entry);
            return this;
        }
    }

    /** A cursor over the segments of a topic section being read. */
    public static final class Reader {
        private final ByteBuffer b;
        private int remaining;
        private int next;
        private int at;

        Reader(ByteBuffer b, int list) {
            this.b = b;
            remaining = b.getInt(list + COUNT);
            next = list + FIRST;
        }

        /** @return the number of segments not yet visited, the current one excluded */
        public int remaining() {
            return remaining;
        }

        /** @return whether there is another segment, now the current one */
        public boolean next() {
            if (remaining == 0) {
                return false;
            }
            remaining--;
            at = next;
            next = at + FLAGS + FLAG_SIZE * flagCount() + (b.get(at + TIER) == PersistedCodes.TIER_OBJECTS
                    ? OBJECT_ID_SIZE : 0);
            return true;
        }

        /** @return base seq */
        public long baseSeq() {
            return b.getLong(at + BASE_SEQ);
        }

        /** @return entry count */
        public int entries() {
            return b.getInt(at + ENTRIES);
        }

        /** @return valid entry bytes */
        public int bytes() {
            return b.getInt(at + BYTES);
        }

        /** @return whether sealed */
        public boolean sealed() {
            return b.get(at + SEALED) != 0;
        }

        /** @return undeleted count */
        public int undeletedCount() {
            return b.getInt(at + UNDELETED_COUNT);
        }

        /** @return undeleted bytes */
        public long undeletedBytes() {
            return b.getLong(at + UNDELETED_BYTES);
        }

        /** @return tagged count */
        public int taggedCount() {
            return b.getInt(at + TAGGED_COUNT);
        }

        /** @return first ts */
        public long firstTs() {
            return b.getLong(at + FIRST_TS);
        }

        /** @return last ts */
        public long lastTs() {
            return b.getLong(at + LAST_TS);
        }

        /** @return whether in the cold tier @throws CorruptionException for an unknown tier code */
        public boolean cold() throws CorruptionException {
            return PersistedCodes.cold(b.get(at + TIER));
        }

        /** @return the object id of a segment in the object store, or 0 for a file in either directory */
        public long objectId() {
            return b.get(at + TIER) == PersistedCodes.TIER_OBJECTS
                    ? b.getLong(at + FLAGS + FLAG_SIZE * flagCount()) : 0;
        }

        /** @return how many entry numbers the segment lists */
        public int flagCount() {
            return b.getInt(at + FLAG_COUNT);
        }

        /**
         * @param k index
         * @return the k-th listed entry number
         */
        public int flag(int k) {
            return b.getInt(at + FLAGS + FLAG_SIZE * k);
        }
    }
}
