package dev.seqlog.client;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.RecordInput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The client's wire pieces on their own: SSE parsing, value spans, composite cursors, raw payload encoding. */
class WireTest {

    private static List<SseParser.Frame> parse(SseParser p, String text, int chunk) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<SseParser.Frame> out = new ArrayList<>();
        for (int i = 0; i < b.length; i += chunk) {
            p.feed(ByteBuffer.wrap(b, i, Math.min(chunk, b.length - i)), out::add);
        }
        return out;
    }

    @Test
    void sseFramesSurviveAnyChunkingAndEveryLineEnding() {
        String stream = "retry: 2000\n\n: hb 1\n\nid: abc\nevent: record\ndata: {\"a\":\ndata: 1}\n\n"
                + "event: caught-up\r\ndata: {}\r\n\r\n: hb 2\revent: x\rdata:no-space\r\r";
        for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
            SseParser p = new SseParser();
            List<SseParser.Frame> frames = parse(p, stream, chunk);
            assertEquals(3, frames.size(), "chunk " + chunk);
            assertEquals("record", frames.get(0).event());
            assertEquals("abc", frames.get(0).id());
            assertEquals("{\"a\":\n1}", new String(frames.get(0).data(), StandardCharsets.UTF_8));
            assertEquals("caught-up", frames.get(1).event());
            assertNull(frames.get(1).id(), "an id belongs to its own frame");
            assertEquals("no-space", new String(frames.get(2).data(), StandardCharsets.UTF_8));
            assertEquals(2000, p.retryMs());
        }
    }

    @Test
    void aSpanEndsWhereItsJsonValueEnds() {
        byte[] b = "{\"d\":{\"s\":\"}]\\\"\",\"a\":[1,[2]]},\"n\":-1.5e3,\"t\":true,\"q\":\"x\\\\\"}"
                .getBytes(StandardCharsets.UTF_8);
        String s = new String(b, StandardCharsets.UTF_8);
        int obj = s.indexOf("{\"s\"");
        assertEquals("{\"s\":\"}]\\\"\",\"a\":[1,[2]]}", s.substring(obj, JsonSpan.end(b, obj, b.length)));
        int num = s.indexOf("-1.5e3");
        assertEquals("-1.5e3", s.substring(num, JsonSpan.end(b, num, b.length)));
        int str = s.indexOf("\"x\\\\\"");
        assertEquals("\"x\\\\\"", s.substring(str, JsonSpan.end(b, str, b.length)));
        assertThrows(IllegalArgumentException.class, () -> JsonSpan.end(b, obj, obj + 5));
    }

    @Test
    void aCompositeCursorRoundTripsAndRejectsGarbage() {
        Map<String, Long> c = Map.of("jobs", 5210L, "audit", 990L);
        String id = CompositeCursor.encode(c);
        assertEquals(Map.of("audit", 990L, "jobs", 5210L), CompositeCursor.decode(id));
        assertEquals("eyJhdWRpdCI6OTkwLCJqb2JzIjo1MjEwfQ", id, "keys in ascending order, unpadded base64url");
        assertNull(CompositeCursor.decode("not base64 !"));
        assertNull(CompositeCursor.decode(""));
    }

    @Test
    void payloadsAreWrittenAsTheirBytes() {
        AppendRequest r = AppendRequest.builder()
                .add(RecordInput.json("{\"n\":1.0,\"big\":123456789012345678901234567890}").withMeta("{\"m\":[]}")
                        .withTag("t\"1"))
                .add(RecordInput.json("null"))
                .idempotencyKey("k")
                .build();
        assertEquals("{\"records\":[{\"data\":{\"n\":1.0,\"big\":123456789012345678901234567890},\"meta\":{\"m\":[]},"
                + "\"tag\":\"t\\\"1\"},{\"data\":null}],\"idempotency_key\":\"k\"}",
                new String(Requests.append(r), StandardCharsets.UTF_8));
    }
}
