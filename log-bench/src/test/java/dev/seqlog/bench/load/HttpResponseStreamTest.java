package dev.seqlog.bench.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The response decoder, alone and feeding the event-stream parser as a watch stream does: chunked and raw
 * bodies, split at every byte boundary. Single-threaded.
 */
class HttpResponseStreamTest {
    private static final String SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            + "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\n";

    /** Decodes a response into its head, its body and whether it ended; the body also feeds an SSE parser. */
    private static final class Pipeline implements HttpResponseStream.Listener {
        final HttpResponseStream http = new HttpResponseStream(this);
        final SseParserTest.Recorder frames = new SseParserTest.Recorder();
        final SseParser sse = new SseParser(frames);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<String> heads = new ArrayList<>();
        boolean ended;

        @Override
        public void head(int status, String contentType) {
            heads.add(status + " " + contentType);
        }

        @Override
        public void body(byte[] b, int off, int len) throws IOException {
            assertFalse(ended);
            body.write(b, off, len);
            sse.feed(b, off, len);
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    @Test
    void aChunkedEventStreamSplitAtEveryByteGivesEveryFrame() throws IOException {
        // chunk boundaries fall inside lines and frames, one chunk carries an extension, trailers end it
        byte[] response = bytes(SSE_HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                + chunked(SseParserTest.STREAM, 1, 7, 2, 40, 3) + "0\r\nX-Trailer: 1\r\n\r\n");
        for (int k = 0; k <= response.length; k++) {
            Pipeline p = new Pipeline();
            p.http.feed(response, 0, k);
            p.http.feed(response, k, response.length - k);
            assertEquals(List.of("200 text/event-stream; charset=utf-8"), p.heads, "split at " + k);
            assertEquals(SseParserTest.STREAM, p.body.toString(StandardCharsets.UTF_8), "split at " + k);
            assertEquals(SseParserTest.FRAMES, p.frames.seen, "split at " + k);
            assertTrue(p.ended, "split at " + k);
        }
        Pipeline p = new Pipeline();
        for (int k = 0; k < response.length; k++) {
            p.http.feed(response, k, 1);
        }
        assertEquals(SseParserTest.FRAMES, p.frames.seen, "byte by byte");
    }

    @Test
    void aRawEventStreamRunsUntilTheClose() throws IOException {
        byte[] response = bytes(SSE_HEAD + "Connection: close\r\n\r\n" + SseParserTest.STREAM);
        for (int k = 0; k <= response.length; k++) {
            Pipeline p = new Pipeline();
            p.http.feed(response, 0, k);
            p.http.feed(response, k, response.length - k);
            assertEquals(SseParserTest.FRAMES, p.frames.seen, "split at " + k);
            assertFalse(p.ended, "split at " + k);
            p.http.eof();
            assertTrue(p.ended, "split at " + k);
        }
    }

    @Test
    void anErrorBodyIsFramedByItsLengthAndAnInterimResponseIsSkipped() throws IOException {
        String json = "{\"error\":{\"code\":\"not_found\"}}";
        byte[] response = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Type: "
                + "application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json);
        for (int k = 0; k <= response.length; k++) {
            Pipeline p = new Pipeline();
            p.http.feed(response, 0, k);
            p.http.feed(response, k, response.length - k);
            assertEquals(List.of("404 application/json"), p.heads);
            assertEquals(json, p.body.toString(StandardCharsets.UTF_8));
            assertTrue(p.ended);
            assertEquals(404, p.http.status());
            p.http.eof(); // a close after a complete response is no error
        }
    }

    @Test
    void malformedOrTruncatedResponsesFail() throws IOException {
        Pipeline p = new Pipeline();
        byte[] badSize = bytes(SSE_HEAD + "Transfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertThrows(IOException.class, () -> p.http.feed(badSize, 0, badSize.length));

        Pipeline q = new Pipeline();
        byte[] noCrlf = bytes(SSE_HEAD + "Transfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n");
        assertThrows(IOException.class, () -> q.http.feed(noCrlf, 0, noCrlf.length));

        Pipeline r = new Pipeline();
        byte[] halfHead = bytes("HTTP/1.1 200 OK\r\nContent-Ty");
        r.http.feed(halfHead, 0, halfHead.length);
        assertEquals(0, r.http.status());
        assertThrows(EOFException.class, r.http::eof);

        Pipeline s = new Pipeline();
        byte[] chunkedCut = bytes(SSE_HEAD + "Transfer-Encoding: chunked\r\n\r\n5\r\nab");
        s.http.feed(chunkedCut, 0, chunkedCut.length);
        assertThrows(EOFException.class, s.http::eof);

        Pipeline t = new Pipeline();
        byte[] notHttp = bytes("SSH-2.0-OpenSSH\r\n");
        assertThrows(IOException.class, () -> t.http.feed(notHttp, 0, notHttp.length));
    }

    /** The text in chunks whose sizes cycle through {@code sizes}; the second chunk carries an extension. */
    static String chunked(String text, int... sizes) {
        byte[] b = bytes(text);
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (int c = 0; i < b.length; c++) {
            int n = Math.min(sizes[c % sizes.length], b.length - i);
            out.append(Integer.toHexString(n)).append(c == 1 ? ";ext=1" : "").append("\r\n")
                    .append(new String(b, i, n, StandardCharsets.ISO_8859_1)).append("\r\n");
            i += n;
        }
        return out.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
