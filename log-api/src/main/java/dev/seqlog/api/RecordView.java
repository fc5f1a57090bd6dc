package dev.seqlog.api;

import java.nio.ByteBuffer;

/**
 * A zero-copy view of one stored record, handed to a {@link RecordSink}. The view and the buffer it
 * exposes are valid only during the callback; copy what you keep. Never write to {@link #buffer()}.
 *
 * <p>Confined to the calling thread for the duration of the callback.
 */
public interface RecordView {
    /** @return the record's seq */
    long seq();

    /** @return the record's commit time, ms since the epoch */
    long ts();

    /** @return the buffer holding this record's bytes; read with absolute gets only */
    ByteBuffer buffer();

    /** @return offset of the canonical {@code data} JSON in {@link #buffer()} */
    int dataOffset();

    /** @return length of {@code data} in bytes, or -1 when the read left data out (a watch without data) */
    int dataLength();

    /** @return offset of the {@code meta} object, meaningful when {@link #metaLength()} is not -1 */
    int metaOffset();

    /** @return length of {@code meta} in bytes, or -1 when the record has none or meta was not requested */
    int metaLength();

    /** @return offset of the UTF-8 node id */
    int nodeOffset();

    /** @return length of the node id in bytes, 0 when the record has none */
    int nodeLength();

    /** @return offset of the UTF-8 tag */
    int tagOffset();

    /** @return length of the tag in bytes, 0 when the record has none or tags were not requested */
    int tagLength();
}
