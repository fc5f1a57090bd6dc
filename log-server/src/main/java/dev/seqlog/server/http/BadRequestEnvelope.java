package dev.seqlog.server.http;

import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Gives the HTTP framework's own refusal of a request it cannot parse (a malformed request line or header, a
 * missing Host, conflicting framing headers, headers over the size limit) the canonical error envelope. The
 * framework answers those with a fixed bodiless {@code 400} before any handler runs; this conduit, wrapped
 * around each accepted connection's output, recognises exactly those bytes and sends the same status with a
 * JSON body instead (API §1.9). Every other write passes through untouched. One instance per connection.
 */
final class BadRequestEnvelope extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private static final byte[] FRAMEWORK_400 =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENVELOPE_400 = response(
            "{\"error\":{\"code\":\"invalid_request\",\"message\":\"malformed HTTP request: the request line, "
                    + "the headers or their framing could not be parsed\"}}");

    private ByteBuffer pending;

    BadRequestEnvelope(StreamSinkConduit next) {
        super(next);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (pending == null && isFramework400(src)) {
            pending = ByteBuffer.wrap(ENVELOPE_400);
            int n = src.remaining();
            src.position(src.limit());
            next.write(pending);
            return n;
        }
        if (pending != null && pending.hasRemaining()) {
            next.write(pending);
            if (pending.hasRemaining()) {
                return 0;
            }
        }
        return next.write(src);
    }

    @Override
    public boolean flush() throws IOException {
        if (pending != null && pending.hasRemaining()) {
            next.write(pending);
            if (pending.hasRemaining()) {
                return false;
            }
        }
        return next.flush();
    }

    private static boolean isFramework400(ByteBuffer src) {
        if (src.remaining() != FRAMEWORK_400.length) {
            return false;
        }
        for (int i = 0; i < FRAMEWORK_400.length; i++) {
            if (src.get(src.position() + i) != FRAMEWORK_400[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] response(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: " + Exchange.JSON_TYPE + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
