package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.RecordView;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rendering stored records raw, with escaped tag and node strings. */
class RecordWriterTest {
    /** A view over one buffer laid out as node | tag | meta | data. */
    private record View(long seq, long ts, ByteBuffer buffer, int nodeLength, int tagLength, int metaLength,
                        int dataLength) implements RecordView {
        static View of(long seq, String node, String tag, String meta, String data) {
            String all = node + tag + (meta == null ? "" : meta) + data;
            ByteBuffer b = ByteBuffer.wrap(("xx" + all).getBytes(StandardCharsets.UTF_8));
            return new View(seq, 1000 + seq, b, bytes(node), bytes(tag), meta == null ? -1 : bytes(meta),
                    bytes(data));
        }

        private static int bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }

        @Override
        public int nodeOffset() {
            return 2;
        }

        @Override
        public int tagOffset() {
            return 2 + nodeLength;
        }

        @Override
        public int metaOffset() {
            return 2 + nodeLength + tagLength;
        }

        @Override
        public int dataOffset() {
            return 2 + nodeLength + tagLength + Math.max(0, metaLength);
        }
    }

    private static String render(boolean tags, boolean meta, boolean lines, View... views) throws Exception {
        ByteSink sink = new ByteSink(16);
        JsonGenerator g = Json.generator(sink);
        g.writeStartArray();
        RecordWriter w = new RecordWriter(g, sink, tags, meta, lines);
        for (View v : views) {
            w.accept(v);
        }
        g.writeEndArray();
        g.flush();
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void writesStoredBytesRawAndEscapesTagAndNode() throws Exception {
        String big = "\"" + "y".repeat(20_000) + "\"";
        String out = render(true, true, false,
                View.of(1, "n\"1", "t\\1", "{\"m\":1.0}", "{\"a\":[1e5]}"),
                View.of(2, "", "", null, big));
        assertEquals("[{\"$seq\":1,\"$ts\":1001,\"$node\":\"n\\\"1\",\"$tag\":\"t\\\\1\",\"meta\":{\"m\":1.0},"
                + "\"data\":{\"a\":[1e5]}},{\"$seq\":2,\"$ts\":1002,\"data\":" + big + "}]", out);
    }

    @Test
    void escapesEveryAsciiCharacterAsTheGeneratorDoes() throws Exception {
        for (int c = 0; c < 0x80; c++) {
            String s = "a" + (char) c + "é" + (char) c;
            ByteSink expected = new ByteSink(16);
            JsonGenerator g = Json.generator(expected);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            g.writeUTF8String(utf8, 0, utf8.length);
            g.close();
            String out = render(true, false, false, View.of(1, s, "", null, "0"));
            String quoted = new String(expected.toByteArray(), StandardCharsets.UTF_8);
            assertEquals("[{\"$seq\":1,\"$ts\":1001,\"$node\":" + quoted + ",\"data\":0}]", out, "char " + c);
        }
    }

    @Test
    void writesSeqsAndTimesAsDecimals() throws Exception {
        for (long v : new long[] {0, 9, 10, 99, 100, 1234567890123L, 999_999_999_999_999_999L,
            1_000_000_000_000_000_000L, Long.MAX_VALUE}) {
            ByteSink sink = new ByteSink(1);
            sink.writeDecimal(v);
            assertEquals(Long.toString(v), new String(sink.toByteArray(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void linesModeEndsEachRecordWithANewlineAndNoCommas() throws Exception {
        ByteSink sink = new ByteSink(16);
        RecordWriter w = new RecordWriter(Json.generator(sink), sink, false, true, true);
        w.accept(View.of(1, "", "", null, "1"));
        w.accept(View.of(2, "", "", "{}", "2"));
        assertEquals("{\"$seq\":1,\"$ts\":1001,\"data\":1}\n{\"$seq\":2,\"$ts\":1002,\"meta\":{},\"data\":2}\n",
                new String(sink.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void aRepeatedTimestampIsRenderedLikeAnyOther() throws Exception {
        View a = View.of(1, "", "", null, "1");
        View sameMs = new View(2, a.ts(), a.buffer(), 0, 0, -1, 1);
        View next = View.of(3, "", "", null, "1");
        String out = render(false, false, false, a, sameMs, next, new View(4, a.ts(), a.buffer(), 0, 0, -1, 1));
        assertEquals("[{\"$seq\":1,\"$ts\":1001,\"data\":1},{\"$seq\":2,\"$ts\":1001,\"data\":1},"
                + "{\"$seq\":3,\"$ts\":1003,\"data\":1},{\"$seq\":4,\"$ts\":1001,\"data\":1}]", out);
    }

    @Test
    void omitsTagsAndMetaUnlessAsked() throws Exception {
        String out = render(false, false, false, View.of(1, "", "t", "{}", "1"));
        assertEquals("[{\"$seq\":1,\"$ts\":1001,\"data\":1}]", out);
    }
}
