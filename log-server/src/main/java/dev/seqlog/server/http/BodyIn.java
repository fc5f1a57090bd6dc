package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.Locale;

/**
 * Turns the bytes {@link BodyReceiver} read into a {@link Body}, in the order of API §1.2: media type, then
 * content coding, then gzip decoding under the same size limit. An empty body needs no media type and
 * stands for {@code {}}. Stateless.
 */
final class BodyIn {
    private BodyIn() {
    }

    /**
     * @param ex the exchange (for its headers)
     * @param raw the body as received
     * @param max the body limit, which also bounds the decoded length
     * @param ndjsonAllowed whether application/x-ndjson is accepted
     * @return the decoded body
     */
    static Body decode(HttpServerExchange ex, byte[] raw, long max, boolean ndjsonAllowed) {
        if (raw.length == 0) {
            return Body.EMPTY;
        }
        boolean ndjson = mediaType(ex, ndjsonAllowed);
        byte[] bytes = raw;
        if (gzipEncoded(ex)) {
            bytes = GzipBody.decode(raw, max);
            if (bytes.length == 0) {
                return Body.EMPTY;
            }
        }
        return new Body(bytes, bytes.length, ndjson);
    }

    /** Whether the body is gzip-coded; any coding other than gzip or identity is 415. */
    static boolean gzipEncoded(HttpServerExchange ex) {
        String ce = ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
        if (ce == null || ce.isBlank() || ce.trim().equalsIgnoreCase("identity")) {
            return false;
        }
        if (ce.trim().equalsIgnoreCase("gzip")) {
            return true;
        }
        throw new SeqlogException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding must be gzip or absent");
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

    static SeqlogException tooLarge(long max) {
        return new SeqlogException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + max + " bytes")
                .with("max", max);
    }
}
