package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Renders stored records in the read shape of API §1.8 straight into the response bytes: the envelope
 * ({@code $seq}, {@code $ts}, {@code $node}, {@code $tag}) is written by hand and {@code data} and
 * {@code meta} are copied from the engine's buffer, so a record costs no generator call and no flush.
 * The generator that opened the surrounding array is flushed once, before the first record; it never
 * sees the records, and its closing bracket follows them. Used as the {@link RecordSink} of a read, so it
 * only appends to memory. Confined to the request's thread.
 */
public final class RecordWriter implements RecordSink {
    private static final byte[] SEQ = ascii("{\"$seq\":");
    private static final byte[] TS = ascii(",\"$ts\":");
    private static final byte[] NODE = ascii(",\"$node\":");
    private static final byte[] TAG = ascii(",\"$tag\":");
    private static final byte[] META = ascii(",\"meta\":");
    private static final byte[] DATA = ascii(",\"data\":");
    private static final byte[] HEX = ascii("0123456789ABCDEF");

    private final JsonGenerator gen;
    private final ByteSink sink;
    private final boolean includeTags;
    private final boolean includeMeta;
    private final boolean lines;
    private int written;
    /** The last {@code $ts} rendered and its digits: records of one batch mostly share a millisecond. */
    private long lastTs = -1;
    private final byte[] lastTsDigits = new byte[20];
    private int lastTsLength;

    /**
     * Creates a writer.
     *
     * @param gen the generator writing into {@code sink}, with the records' array (or nothing) open
     * @param sink the generator's target, which the records are written to
     * @param includeTags render {@code $tag}
     * @param includeMeta render {@code meta}
     * @param lines terminate each record with LF and separate them by nothing (NDJSON export)
     */
    public RecordWriter(JsonGenerator gen, ByteSink sink, boolean includeTags, boolean includeMeta, boolean lines) {
        this.gen = gen;
        this.sink = sink;
        this.includeTags = includeTags;
        this.includeMeta = includeMeta;
        this.lines = lines;
    }

    /**
     * A writer of record fields only ({@link #envelope}, {@link #payload}), for a caller that writes the objects
     * around them itself.
     */
    RecordWriter(ByteSink sink, boolean includeTags, boolean includeMeta) {
        this(null, sink, includeTags, includeMeta, false);
    }

    /** @return records rendered so far */
    public int written() {
        return written;
    }

    @Override
    public void accept(RecordView v) {
        if (written == 0) {
            flushGenerator();
        } else if (!lines) {
            sink.write(',');
        }
        sink.write(SEQ, 0, SEQ.length);
        sink.writeDecimal(v.seq());
        envelope(v);
        payload(v);
        sink.write('}');
        if (lines) {
            sink.write('\n');
        }
        written++;
    }

    /** Writes {@code ,"$ts":…} and, when present and asked for, {@code $node} and {@code $tag}. */
    void envelope(RecordView v) {
        ByteBuffer b = v.buffer();
        sink.write(TS, 0, TS.length);
        ts(v.ts());
        if (v.nodeLength() > 0) {
            sink.write(NODE, 0, NODE.length);
            string(b, v.nodeOffset(), v.nodeLength());
        }
        if (includeTags && v.tagLength() > 0) {
            sink.write(TAG, 0, TAG.length);
            string(b, v.tagOffset(), v.tagLength());
        }
    }

    /** Writes {@code ,"meta":…} when present and asked for, and {@code ,"data":…} unless left out. */
    void payload(RecordView v) {
        ByteBuffer b = v.buffer();
        if (includeMeta && v.metaLength() >= 0) {
            sink.write(META, 0, META.length);
            sink.write(b, v.metaOffset(), v.metaLength());
        }
        if (v.dataLength() >= 0) { // a watch with include_data false leaves data out
            sink.write(DATA, 0, DATA.length);
            sink.write(b, v.dataOffset(), v.dataLength());
        }
    }

    private void ts(long ts) {
        if (ts != lastTs) {
            int at = sink.size();
            sink.writeDecimal(ts);
            lastTsLength = sink.size() - at;
            System.arraycopy(sink.array(), at, lastTsDigits, 0, lastTsLength);
            lastTs = ts;
        } else {
            sink.write(lastTsDigits, 0, lastTsLength);
        }
    }

    private void flushGenerator() {
        try {
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes stored UTF-8 (checked when it was written) as a JSON string: quote, backslash and control
     * characters escaped as the generator would, everything else copied.
     */
    void string(ByteBuffer b, int off, int len) {
        sink.write('"');
        int run = off;
        for (int i = off; i < off + len; i++) {
            int c = b.get(i) & 0xFF;
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sink.write(b, run, i - run);
            run = i + 1;
            sink.write('\\');
            switch (c) {
                case '"', '\\' -> sink.write(c);
                case '\n' -> sink.write('n');
                case '\r' -> sink.write('r');
                case '\t' -> sink.write('t');
                case '\b' -> sink.write('b');
                case '\f' -> sink.write('f');
                default -> {
                    sink.write('u');
                    sink.write('0');
                    sink.write('0');
                    sink.write(HEX[c >> 4]);
                    sink.write(HEX[c & 0xF]);
                }
            }
        }
        sink.write(b, run, off + len - run);
        sink.write('"');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
