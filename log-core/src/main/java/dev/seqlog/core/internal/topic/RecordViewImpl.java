package dev.seqlog.core.internal.topic;

import dev.seqlog.core.internal.segment.RecordLayout;
import dev.seqlog.api.RecordView;

import java.nio.ByteBuffer;

/**
 * A reusable view positioned on one record entry at a time; honours the read's include flags.
 *
 * <p>Confined to the reading thread.
 */
public final class RecordViewImpl implements RecordView {
    private final boolean includeTags;
    private final boolean includeMeta;
    private final boolean includeData;
    private ByteBuffer buf;
    private int at;
    private long seq;

    RecordViewImpl(boolean includeTags, boolean includeMeta) {
        this(includeTags, includeMeta, true);
    }

    RecordViewImpl(boolean includeTags, boolean includeMeta, boolean includeData) {
        this.includeTags = includeTags;
        this.includeMeta = includeMeta;
        this.includeData = includeData;
    }

    /** @return the offset of the entry the view is on, in {@link #buffer()} */
    int entry() {
        return at;
    }

    /** @return the router hop count of the record the view is on (never on the wire) */
    public int hops() {
        return RecordLayout.hops(buf, at);
    }

    RecordViewImpl position(ByteBuffer buf, int at, long seq) {
        this.buf = buf;
        this.at = at;
        this.seq = seq;
        return this;
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public long ts() {
        return RecordLayout.ts(buf, at);
    }

    @Override
    public ByteBuffer buffer() {
        return buf;
    }

    @Override
    public int dataOffset() {
        return RecordLayout.dataOffset(buf, at);
    }

    @Override
    public int dataLength() {
        return includeData ? RecordLayout.dataLength(buf, at) : -1;
    }

    @Override
    public int metaOffset() {
        return RecordLayout.metaOffset(buf, at);
    }

    @Override
    public int metaLength() {
        return includeMeta ? RecordLayout.metaLength(buf, at) : -1;
    }

    @Override
    public int nodeOffset() {
        return RecordLayout.nodeOffset(at);
    }

    @Override
    public int nodeLength() {
        return RecordLayout.nodeLength(buf, at);
    }

    @Override
    public int tagOffset() {
        return RecordLayout.tagOffset(buf, at);
    }

    @Override
    public int tagLength() {
        return includeTags ? RecordLayout.tagLength(buf, at) : 0;
    }
}
