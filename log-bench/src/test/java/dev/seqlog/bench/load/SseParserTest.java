package dev.seqlog.bench.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The event-stream parser on its own: the spec's frames, line endings, and reads split anywhere. Single-threaded. */
class SseParserTest {
    private static final String RECORD = "{\"topic\":\"t\",\"records\":[{\"$seq\":1,\"$ts\":1748467200111,"
            + "\"data\":{\"i\":0,\"t\":77}}],\"from_seq\":0,\"to_seq\":1,\"head_seq\":1}";
    private static final String CAUGHT_UP = "{\"topic\":\"t\",\"head_seq\":1}";
    private static final String ERROR = "{\"code\":429,\"error\":\"watch throttled\",\"kind\":\"throttled\","
            + "\"terminal\":false,\"retry_after_ms\":1500}";

    /** The frames of API §8.5, with and without a space after the colon. */
    static final String STREAM = "retry: 2000\n\n: hb 1748467200000\n\n"
            + "id: eyJ0IjoxfQ\nevent: record\ndata: " + RECORD + "\n\n"
            + "event:caught-up\ndata:" + CAUGHT_UP + "\n\n"
            + ":hb 1748467205000\n\n"
            + "event: error\ndata: " + ERROR + "\n\n";

    /** What {@link #STREAM} dispatches, as {@link Recorder} writes it. */
    static final List<String> FRAMES = List.of(
            "comment: hb 1748467200000",
            "record|eyJ0IjoxfQ|" + RECORD,
            "caught-up|eyJ0IjoxfQ|" + CAUGHT_UP,
            "comment:hb 1748467205000",
            "error|eyJ0IjoxfQ|" + ERROR);

    /** Writes each event as {@code type|last id|data} and each comment as {@code comment:<text>}. */
    static final class Recorder implements SseParser.Listener {
        final List<String> seen = new ArrayList<>();
        long retryMs = -1;

        @Override
        public void event(SseParser.Event e) {
            seen.add(e.type() + "|" + e.lastEventId() + "|" + e.dataText());
            retryMs = e.retryMs();
        }

        @Override
        public void comment(byte[] b, int off, int len) {
            seen.add("comment:" + new String(b, off, len, StandardCharsets.UTF_8));
        }
    }

    @Test
    void parsesTheSpecsFrames() throws IOException {
        Recorder r = parse(STREAM);
        assertEquals(FRAMES, r.seen);
        assertEquals(2000, r.retryMs);
    }

    @Test
    void everySplitPointGivesTheSameFramesWithAnyLineEnding() throws IOException {
        for (String eol : new String[] {"\n", "\r\n", "\r"}) {
            byte[] all = STREAM.replace("\n", eol).getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k <= all.length; k++) {
                Recorder r = new Recorder();
                SseParser p = new SseParser(r);
                p.feed(all, 0, k);
                p.feed(all, k, all.length - k);
                assertEquals(FRAMES, r.seen, "split at " + k + " with " + eol.replace("\r", "CR").replace("\n", "LF"));
            }
            Recorder r = new Recorder();
            SseParser p = new SseParser(r);
            for (int k = 0; k < all.length; k++) {
                p.feed(all, k, 1);
                p.feed(all, k + 1, 0); // an empty read changes nothing, even between CR and LF
            }
            assertEquals(FRAMES, r.seen, "byte by byte");
        }
    }

    @Test
    void oneSpaceAfterTheColonIsDroppedAndNoMore() throws IOException {
        assertEquals(List.of("message||x", "message||x", "message|| x", "message||"),
                parse("data:x\n\ndata: x\n\ndata:  x\n\ndata\n\n").seen);
    }

    @Test
    void dataLinesJoinWithLineFeeds() throws IOException {
        assertEquals(List.of("message||a\nb\n"), parse("data: a\ndata:b\ndata\n\n").seen);
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsTypeDoesNotCarryOver() throws IOException {
        assertEquals(List.of("message||y"), parse("event: record\n\ndata: y\n\n").seen);
    }

    @Test
    void theLastIdPersistsAndOtherFieldsAreIgnored() throws IOException {
        Recorder r = parse("id: a\ndata: 1\n\nfoo: bar\ndata: 2\n\nid: b\u0000c\ndata: 3\n\nretry: 1x\ndata: 4\n\n");
        assertEquals(List.of("message|a|1", "message|a|2", "message|a|3", "message|a|4"), r.seen);
        assertEquals(-1, r.retryMs);
    }

    @Test
    void aLeadingByteOrderMarkIsDropped() throws IOException {
        assertEquals(List.of("record||z"), parse("\uFEFFevent: record\ndata: z\n\n").seen);
    }

    @Test
    void anUnfinishedFrameIsNotDispatched() throws IOException {
        assertEquals(List.of(), parse("event: record\ndata: {\"x\":1}\n").seen);
    }

    @Test
    void aListenersExceptionStopsTheFeed() {
        SseParser p = new SseParser(new SseParser.Listener() {
            @Override
            public void event(SseParser.Event e) throws IOException {
                throw new IOException("stop");
            }

            @Override
            public void comment(byte[] b, int off, int len) {
            }
        });
        byte[] b = "data: 1\n\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> p.feed(b, 0, b.length));
    }

    private static Recorder parse(String s) throws IOException {
        Recorder r = new Recorder();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        new SseParser(r).feed(b, 0, b.length);
        return r;
    }
}
