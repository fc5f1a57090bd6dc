package dev.seqlog.client;

import dev.seqlog.api.RecordView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link RecordView} over a record of a response body: {@code data} and {@code meta} are byte ranges of the body
 * itself, so a {@link dev.seqlog.api.RecordSink} reads them without a copy. The node and tag are ranges of the
 * body too when their JSON strings hold no escape (the usual case); otherwise the record is packed into a side
 * buffer (node, tag, meta, data), because a view has one buffer. Reused record after record; confined to one
 * thread.
 */
final class BodyRecordView implements RecordView {
    private final ByteBuffer body;
    private ByteBuffer buf;
    private long seq;
    private long ts;
    private int nodeOffset;
    private int nodeLength;
    private int tagOffset;
    private int tagLength;
    private int metaOffset;
    private int metaLength;
    private int dataOffset;
    private int dataLength;
    private ByteBuffer side;

    /** @param body the response body the records live in */
    BodyRecordView(byte[] body) {
        this.body = ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /**
     * Points this view at one record.
     *
     * @param r the record's fields, payload and string ranges into the body
     * @return this view
     */
    BodyRecordView set(RecordFields r) {
        int[] nodeRaw = r.nodeRaw;
        int[] tagRaw = r.tagRaw;
        seq = r.seq;
        ts = r.ts;
        byte[] node = r.node == null ? null : r.node.getBytes(StandardCharsets.UTF_8);
        byte[] tag = r.tag == null ? null : r.tag.getBytes(StandardCharsets.UTF_8);
        boolean plain = (node == null || nodeRaw != null && nodeRaw[1] - nodeRaw[0] == node.length)
                && (tag == null || tagRaw != null && tagRaw[1] - tagRaw[0] == tag.length);
        if (plain) {
            buf = body;
            nodeOffset = node == null ? 0 : nodeRaw[0];
            nodeLength = node == null ? 0 : node.length;
            tagOffset = tag == null ? 0 : tagRaw[0];
            tagLength = tag == null ? 0 : tag.length;
            metaOffset = r.meta == null ? 0 : r.meta[0];
            metaLength = r.meta == null ? -1 : r.meta[1] - r.meta[0];
            dataOffset = r.data == null ? 0 : r.data[0];
            dataLength = r.data == null ? -1 : r.data[1] - r.data[0];
            return this;
        }
        pack(r, node, tag);
        return this;
    }

    /** Copies an escaped record into the side buffer: the decoded node and tag, then meta and data. */
    private void pack(RecordFields r, byte[] node, byte[] tag) {
        int nl = node == null ? 0 : node.length;
        int tl = tag == null ? 0 : tag.length;
        int ml = r.meta == null ? 0 : r.meta[1] - r.meta[0];
        int dl = r.data == null ? 0 : r.data[1] - r.data[0];
        int need = nl + tl + ml + dl;
        if (side == null || side.capacity() < need) {
            side = ByteBuffer.allocate(Math.max(need, 256));
        }
        int at = 0;
        if (node != null) {
            side.put(at, node);
        }
        nodeOffset = at;
        nodeLength = nl;
        at += nl;
        if (tag != null) {
            side.put(at, tag);
        }
        tagOffset = at;
        tagLength = tl;
        at += tl;
        metaOffset = at;
        metaLength = r.meta == null ? -1 : ml;
        if (r.meta != null) {
            side.put(at, body, r.meta[0], ml);
            at += ml;
        }
        dataOffset = at;
        dataLength = r.data == null ? -1 : dl;
        if (r.data != null) {
            side.put(at, body, r.data[0], dl);
        }
        buf = side;
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public long ts() {
        return ts;
    }

    @Override
    public ByteBuffer buffer() {
        return buf;
    }

    @Override
    public int dataOffset() {
        return dataOffset;
    }

    @Override
    public int dataLength() {
        return dataLength;
    }

    @Override
    public int metaOffset() {
        return metaOffset;
    }

    @Override
    public int metaLength() {
        return metaLength;
    }

    @Override
    public int nodeOffset() {
        return nodeOffset;
    }

    @Override
    public int nodeLength() {
        return nodeLength;
    }

    @Override
    public int tagOffset() {
        return tagOffset;
    }

    @Override
    public int tagLength() {
        return tagLength;
    }
}
