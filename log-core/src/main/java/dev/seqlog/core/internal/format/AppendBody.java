package dev.seqlog.core.internal.format;

import dev.seqlog.api.RecordInput;

import java.nio.ByteBuffer;

/**
 * The body of an APPEND frame: one whole batch, so recovery applies a batch entirely or not at all. Each
 * record is a {@link RecordFields} block, the tail of the engine's in-memory record layout, so replay copies
 * it into a segment without re-encoding it. Offsets are from the body's first byte.
 *
 * <pre>
 *  offset  size  field
 *  0       17    prefix: type 4, topic id, lsn (WalBodies)
 *  17      8     first seq (FIRST_SEQ)
 *  25      8     ts, shared by the batch (TS)
 *  33      4     record count n (COUNT)
 *  37      ...   n record field blocks back to back (RECORDS), each:
 *                  hops(1) nodeLength(1) tagLength(2) dataLength(4) metaLength(4, -1 none) node tag data meta
 *  FORWARD only: a ForwardTrailer (24) after the last record: the router whose copies these are, and its progress
 * </pre>
 *
 * <p>A FORWARD body (type 10) is laid out as an APPEND body (its own type byte aside) plus the trailer; a router
 * builds it with {@link ForwardBody}.
 *
 * <p>Decoding is a {@link Reader}: a cursor over the body that hands out offsets, so replay allocates nothing
 * per record. Stateless apart from readers, each confined to one thread.
 */
public final class AppendBody {
    /** Offset of the first seq. */
    public static final int FIRST_SEQ = WalBodies.PAYLOAD;
    /** Offset of the batch's ts. */
    public static final int TS = FIRST_SEQ + 8;
    /** Offset of the record count. */
    public static final int COUNT = TS + 8;
    /** Offset of the first record's field block. */
    public static final int RECORDS = COUNT + 4;
    /** Hop count of a client write. */
    public static final byte CLIENT_HOPS = 0;

    /** What an APPEND body is encoded from: a validated batch (the engine's EncodedBatch). */
    public interface Batch {
        /** @return the number of records */
        int size();

        /**
         * @param i index
         * @return the record (data and meta)
         */
        RecordInput record(int i);

        /**
         * @param i index
         * @return its encoded node, or null
         */
        byte[] node(int i);

        /**
         * @param i index
         * @return its encoded tag, or null
         */
        byte[] tag(int i);

    }

    private AppendBody() {
    }

    /**
     * Encodes a batch.
     *
     * @param id topic id
     * @param lsn its lsn
     * @param firstSeq the seq of the first record
     * @param ts the batch's ts
     * @param batch the records
     * @return the body, position 0 to limit
     * @throws IllegalArgumentException if a node or tag is longer than its length field can hold
     */
    public static ByteBuffer encode(long id, long lsn, long firstSeq, long ts, Batch batch) {
        int n = batch.size();
        int size = RECORDS;
        for (int i = 0; i < n; i++) {
            RecordInput r = batch.record(i);
            size += RecordFields.SIZE + len(batch.node(i), RecordFields.MAX_NODE)
                    + len(batch.tag(i), RecordFields.MAX_TAG) + r.dataLength()
                    + (r.meta() == null ? 0 : r.meta().length);
        }
        ByteBuffer b = WalBodies.start(WalBodies.APPEND, id, lsn, size);
        b.putLong(FIRST_SEQ, firstSeq).putLong(TS, ts).putInt(COUNT, n);
        int at = RECORDS;
        for (int i = 0; i < n; i++) {
            at = putRecord(b, at, batch.record(i), batch.node(i), batch.tag(i));
        }
        return b;
    }

    private static int putRecord(ByteBuffer b, int at, RecordInput r, byte[] node, byte[] tag) {
        byte[] meta = r.meta();
        b.put(at + RecordFields.HOPS, CLIENT_HOPS);
        b.put(at + RecordFields.NODE_LENGTH, (byte) (node == null ? 0 : node.length));
        b.putShort(at + RecordFields.TAG_LENGTH, (short) (tag == null ? 0 : tag.length));
        b.putInt(at + RecordFields.DATA_LENGTH, r.dataLength());
        b.putInt(at + RecordFields.META_LENGTH, meta == null ? RecordFields.NO_META : meta.length);
        int p = at + RecordFields.SIZE;
        if (node != null) {
            b.put(p, node);
            p += node.length;
        }
        if (tag != null) {
            b.put(p, tag);
            p += tag.length;
        }
        b.put(p, r.dataArray(), r.dataOffset(), r.dataLength());
        p += r.dataLength();
        if (meta != null) {
            b.put(p, meta);
            p += meta.length;
        }
        return p;
    }

    private static int len(byte[] a, int max) {
        int n = a == null ? 0 : a.length;
        if (n > max) {
            throw new IllegalArgumentException("field longer than its length can hold: length=" + n + " max=" + max);
        }
        return n;
    }

    /**
     * @param b an APPEND body
     * @return the first seq
     */
    public static long firstSeq(ByteBuffer b) {
        return b.getLong(FIRST_SEQ);
    }

    /**
     * @param b an APPEND body
     * @return the batch's ts
     */
    public static long ts(ByteBuffer b) {
        return b.getLong(TS);
    }

    /**
     * @param b an APPEND body
     * @return the record count
     */
    public static int count(ByteBuffer b) {
        return b.getInt(COUNT);
    }

    /**
     * Checks that an APPEND body's records fill it exactly, so a {@link Reader} over it never leaves it.
     *
     * @param b the body
     * @throws CorruptionException if the count or a record's lengths do not match the body's size
     */
    public static void check(ByteBuffer b) throws CorruptionException {
        int end = recordsEnd(b);
        int n = b.limit() >= RECORDS && end >= RECORDS ? count(b) : -1;
        int at = RECORDS;
        for (int i = 0; i < n && at >= 0; i++) {
            if (b.limit() - at < RecordFields.SIZE || RecordFields.dataLength(b, at) < 0
                    || RecordFields.metaLength(b, at) < RecordFields.NO_META) {
                at = -1;
            } else {
                long next = (long) at + RecordFields.SIZE + RecordFields.nodeLength(b, at)
                        + RecordFields.tagLength(b, at) + RecordFields.dataLength(b, at)
                        + Math.max(RecordFields.metaLength(b, at), 0);
                at = next <= end ? (int) next : -1;
            }
        }
        if (n < 0 || at != end) {
            throw new CorruptionException("APPEND frame body does not match its records: topicId="
                    + WalBodies.topicId(b) + " lsn=" + WalBodies.lsn(b) + " count=" + n + " length=" + b.limit());
        }
    }

    /**
     * @param b an APPEND or FORWARD body
     * @return where its records end: its limit, or the start of a FORWARD body's trailer
     */
    public static int recordsEnd(ByteBuffer b) {
        return WalBodies.type(b) == WalBodies.FORWARD ? b.limit() - ForwardTrailer.SIZE : b.limit();
    }

    /**
     * A cursor over the records of an APPEND body (one that passed {@link #check}). After {@link #next()}
     * returns true, the accessors describe the current record; offsets are into the body.
     *
     * <p>Reusable; confined to one thread.
     */
    public static final class Reader {
        private ByteBuffer b;
        private int remaining;
        private int next;
        private int at;

        /**
         * Positions the cursor before the first record.
         *
         * @param body the body, offset 0 = its type byte
         * @return this
         */
        public Reader wrap(ByteBuffer body) {
            b = body;
            remaining = count(body);
            next = RECORDS;
            at = -1;
            return this;
        }

        /** @return whether there is another record, now the current one */
        public boolean next() {
            if (remaining == 0) {
                return false;
            }
            remaining--;
            at = next;
            next = at + RecordFields.length(b, at);
            return true;
        }

        /** @return offset of the current record's field block */
        public int fieldsOffset() {
            return at;
        }

        /** @return bytes of the current record's field block */
        public int fieldsLength() {
            return next - at;
        }

        /** @return the current record's node length */
        public int nodeLength() {
            return RecordFields.nodeLength(b, at);
        }

        /** @return the current record's tag length */
        public int tagLength() {
            return RecordFields.tagLength(b, at);
        }

        /** @return offset of the current record's tag bytes */
        public int tagOffset() {
            return RecordFields.tagOffset(b, at);
        }

        /** @return the current record's data length */
        public int dataLength() {
            return RecordFields.dataLength(b, at);
        }

        /** @return the current record's meta length, {@link RecordFields#NO_META} for none */
        public int metaLength() {
            return RecordFields.metaLength(b, at);
        }

        /** @return the current record's accounted size: data plus meta bytes */
        public long accountedSize() {
            return RecordFields.accountedSize(b, at);
        }
    }
}
