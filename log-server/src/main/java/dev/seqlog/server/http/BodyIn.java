package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body in the order of API §1.2: size (Content-Length first, then counted bytes),
 * then media type and content coding, then gzip decompression under the same size limit (a
 * decompression bomb stops at the limit). Stateless; runs on the request's worker thread.
 */
final class BodyIn {
    private static final int CHUNK = 8192;

    private BodyIn() {
    }

    static Body read(HttpServerExchange ex, long max, boolean ndjsonAllowed) throws IOException {
        String cl = ex.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > max) {
                    throw tooLarge(max);
                }
            } catch (NumberFormatException e) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "malformed Content-Length");
            }
        }
        if (!ex.isBlocking()) {
            ex.startBlocking();
        }
        byte[] raw = readBounded(ex.getInputStream(), max, cl == null ? CHUNK : (int) Math.min(max, Long.parseLong(cl.trim())));
        if (raw.length == 0) {
            return Body.EMPTY;
        }
        boolean ndjson = mediaType(ex, ndjsonAllowed);
        String ce = ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
        if (ce != null && !ce.trim().isEmpty() && !ce.trim().equalsIgnoreCase("identity")) {
            if (!ce.trim().equalsIgnoreCase("gzip")) {
                throw new SeqlogException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding must be gzip or absent");
            }
            raw = gunzip(raw, max);
            if (raw.length == 0) {
                return Body.EMPTY;
            }
        }
        return new Body(raw, raw.length, ndjson);
    }

    /** True for NDJSON, false for JSON; anything else is 415. */
    private static boolean mediaType(HttpServerExchange ex, boolean ndjsonAllowed) {
        String ct = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (ct != null) {
            int semi = ct.indexOf(';');
            String type = (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json")) {
                return false;
            }
            if (ndjsonAllowed && type.equals("application/x-ndjson")) {
                return true;
            }
        }
        throw new SeqlogException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ndjsonAllowed
                ? "Content-Type must be application/json or application/x-ndjson"
                : "Content-Type must be application/json");
    }

    private static byte[] readBounded(InputStream in, long max, int initial) throws IOException {
        byte[] buf = new byte[Math.max(16, Math.min(initial, CHUNK * 8))];
        int len = 0;
        while (true) {
            if (len == buf.length) {
                if (len > max) {
                    throw tooLarge(max);
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, max + 1));
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
            if (len > max) {
                throw tooLarge(max);
            }
        }
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    private static byte[] gunzip(byte[] raw, long max) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), CHUNK)) {
            return readBounded(in, max, (int) Math.min((long) raw.length * 4, CHUNK * 8));
        } catch (ZipException | java.io.EOFException e) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "the request body is not valid gzip");
        } catch (IOException e) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "the request body is not valid gzip");
        }
    }

    static SeqlogException tooLarge(long max) {
        return new SeqlogException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + max + " bytes")
                .with("max", max);
    }
}
