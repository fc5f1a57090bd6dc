package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;

/**
 * Builds the body of a FORWARD frame (the layout of {@link AppendBody} plus a {@link ForwardTrailer}) straight from
 * the source records' bytes, before the destination's lock is taken: the router appends each copy's fields, and
 * the destination, under its lock, stamps the lsn, first seq and ts ({@link #stamp}) and copies the records into
 * its segments from the same bytes. No object is made per record.
 *
 * <p>Confined to the thread that builds it; the finished body is only read afterwards.
 */
public final class ForwardBody {
    private ByteBuffer b;
    private int at = AppendBody.RECORDS;
    private int count;
    private long accounted;

    /**
     * @param capacity a guess of the body's size
     */
    public ForwardBody(int capacity) {
        b = ByteBuffer.allocate(Math.max(capacity, AppendBody.RECORDS + ForwardTrailer.SIZE + 64));
    }

    /**
     * Appends one copy.
     *
     * @param hops its hop count
     * @param src where the source record's node, tag and data are
     * @param nodeOff node offset in {@code src}
     * @param nodeLen node length, 0 for none
     * @param tagOff tag offset
     * @param tagLen tag length, 0 for none
     * @param dataOff data offset
     * @param dataLen data length
     * @param meta where the copy's meta is ({@code src}, or a buffer of stamped meta), or null for none
     * @param metaOff meta offset
     * @param metaLen meta length
     */
    public void add(int hops, ByteBuffer src, int nodeOff, int nodeLen, int tagOff, int tagLen, int dataOff,
                    int dataLen, ByteBuffer meta, int metaOff, int metaLen) {
        int m = meta == null ? 0 : metaLen;
        ensure(RecordFields.SIZE + nodeLen + tagLen + dataLen + m);
        b.put(at + RecordFields.HOPS, (byte) Math.min(hops, 0xFF));
        b.put(at + RecordFields.NODE_LENGTH, (byte) nodeLen);
        b.putShort(at + RecordFields.TAG_LENGTH, (short) tagLen);
        b.putInt(at + RecordFields.DATA_LENGTH, dataLen);
        b.putInt(at + RecordFields.META_LENGTH, meta == null ? RecordFields.NO_META : metaLen);
        int p = at + RecordFields.SIZE;
        b.put(p, src, nodeOff, nodeLen);
        p += nodeLen;
        b.put(p, src, tagOff, tagLen);
        p += tagLen;
        b.put(p, src, dataOff, dataLen);
        p += dataLen;
        if (meta != null) {
            b.put(p, meta, metaOff, metaLen);
            p += metaLen;
        }
        at = p;
        count++;
        accounted += dataLen + m;
    }

    private void ensure(int n) {
        if (b.capacity() - at < n + ForwardTrailer.SIZE) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, at + n + ForwardTrailer.SIZE));
            bigger.put(0, b, 0, at);
            b = bigger;
        }
    }

    /** @return copies added */
    public int count() {
        return count;
    }

    /** @return their accounted size: data plus meta bytes */
    public long accounted() {
        return accounted;
    }

    /**
     * Closes the body with the router's progress once the copies are appended.
     *
     * @param topicId the destination's id
     * @param progress the router's progress
     * @return the body, offset 0 to limit; lsn, first seq and ts still to be stamped
     */
    public ByteBuffer finish(long topicId, ForwardTrailer.Progress progress) {
        b.put(WalBodies.TYPE, WalBodies.FORWARD).putLong(WalBodies.TOPIC_ID, topicId).putInt(AppendBody.COUNT, count);
        ForwardTrailer.put(b, at, progress.routerId(), progress.cursor(), progress.total());
        return b.slice(0, at + ForwardTrailer.SIZE);
    }

    /**
     * Fills in what only the destination's lock decides.
     *
     * @param body a finished body
     * @param lsn the destination's lsn for it
     * @param firstSeq the first copy's seq
     * @param ts the batch's ts
     */
    public static void stamp(ByteBuffer body, long lsn, long firstSeq, long ts) {
        body.putLong(WalBodies.LSN, lsn).putLong(AppendBody.FIRST_SEQ, firstSeq).putLong(AppendBody.TS, ts);
    }
}
