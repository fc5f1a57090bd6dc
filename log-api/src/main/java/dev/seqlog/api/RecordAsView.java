package dev.seqlog.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A materialised {@link TopicRecord} seen as a {@link RecordView}, so that a batch built from records streams to a
 * {@link RecordSink} like one read from the log: the record's fields are packed into one reused buffer (node,
 * tag, meta, data). A record without data reports a data length of -1. Confined to one thread.
 */
final class RecordAsView implements RecordView {
    private ByteBuffer buf = ByteBuffer.allocate(1024);
    private long seq;
    private long ts;
    private int nodeLength;
    private int tagLength;
    private int metaOffset;
    private int metaLength;
    private int dataOffset;
    private int dataLength;

    RecordView of(TopicRecord r) {
        byte[] node = r.node() == null ? new byte[0] : r.node().getBytes(StandardCharsets.UTF_8);
        byte[] tag = r.tag() == null ? new byte[0] : r.tag().getBytes(StandardCharsets.UTF_8);
        int need = node.length + tag.length + (r.meta() == null ? 0 : r.meta().length)
                + (r.data() == null ? 0 : r.data().length);
        if (buf.capacity() < need) {
            buf = ByteBuffer.allocate(Math.max(need, buf.capacity() * 2));
        }
        seq = r.seq();
        ts = r.ts();
        int at = 0;
        buf.put(at, node);
        nodeLength = node.length;
        at += node.length;
        buf.put(at, tag);
        tagLength = tag.length;
        at += tag.length;
        metaOffset = at;
        metaLength = r.meta() == null ? -1 : r.meta().length;
        if (r.meta() != null) {
            buf.put(at, r.meta());
            at += r.meta().length;
        }
        dataOffset = at;
        dataLength = r.data() == null ? -1 : r.data().length;
        if (r.data() != null) {
            buf.put(at, r.data());
        }
        return this;
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
        return 0;
    }

    @Override
    public int nodeLength() {
        return nodeLength;
    }

    @Override
    public int tagOffset() {
        return nodeLength;
    }

    @Override
    public int tagLength() {
        return tagLength;
    }
}
