package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Renders stored records in the read shape of API §1.8, copying {@code data} and {@code meta} bytes
 * straight from the engine's buffer. Used as the {@link RecordSink} of a read, so it only appends to
 * memory. Confined to the request's thread.
 */
public final class RecordWriter implements RecordSink {
    private static final SerializedString EMPTY = new SerializedString("");

    private final JsonGenerator gen;
    private final ByteSink sink;
    private final boolean includeTags;
    private final boolean includeMeta;
    private final boolean lines;
    private byte[] scratch = new byte[256];
    private int written;

    /**
     * Creates a writer.
     *
     * @param gen the generator, writing into {@code sink}
     * @param sink the generator's target, for raw copies
     * @param includeTags render {@code $tag}
     * @param includeMeta render {@code meta}
     * @param lines terminate each record with LF (NDJSON export)
     */
    public RecordWriter(JsonGenerator gen, ByteSink sink, boolean includeTags, boolean includeMeta, boolean lines) {
        this.gen = gen;
        this.sink = sink;
        this.includeTags = includeTags;
        this.includeMeta = includeMeta;
        this.lines = lines;
    }

    /** @return records rendered so far */
    public int written() {
        return written;
    }

    @Override
    public void accept(RecordView v) {
        try {
            gen.writeStartObject();
            gen.writeNumberField("$seq", v.seq());
            gen.writeNumberField("$ts", v.ts());
            ByteBuffer b = v.buffer();
            if (v.nodeLength() > 0) {
                gen.writeFieldName("$node");
                utf8String(b, v.nodeOffset(), v.nodeLength());
            }
            if (includeTags && v.tagLength() > 0) {
                gen.writeFieldName("$tag");
                utf8String(b, v.tagOffset(), v.tagLength());
            }
            if (includeMeta && v.metaLength() >= 0) {
                gen.writeFieldName("meta");
                raw(b, v.metaOffset(), v.metaLength());
            }
            gen.writeFieldName("data");
            raw(b, v.dataOffset(), v.dataLength());
            gen.writeEndObject();
            if (lines) {
                gen.flush();
                sink.write('\n');
            }
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a string given as UTF-8 bytes, escaped as JSON requires. */
    private void utf8String(ByteBuffer b, int off, int len) throws IOException {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        b.get(off, scratch, 0, len);
        gen.writeUTF8String(scratch, 0, len);
    }

    /**
     * Writes stored canonical JSON as a value: an empty raw value lets the generator emit the separator,
     * then the bytes go straight into the sink behind it.
     */
    private void raw(ByteBuffer b, int off, int len) throws IOException {
        gen.writeRawValue(EMPTY);
        gen.flush();
        sink.write(b, off, len);
    }
}
