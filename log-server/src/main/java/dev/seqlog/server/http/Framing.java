package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Refuses request framing that a proxy in front of the server could read differently, the root of
 * request smuggling: a {@code Transfer-Encoding} other than exactly one {@code chunked} coding, or one
 * together with {@code Content-Length}. Undertow frames a body by the last coding it sees and reads an
 * unknown coding to the end of the connection, so such a request is answered 400 and the connection is
 * closed, before routing, authentication or any body read. Undertow already refuses, while parsing,
 * Transfer-Encoding with Content-Length and a repeated Transfer-Encoding header; they are checked here
 * again so the rule does not depend on that. Stateless.
 */
final class Framing {
    private static final String CHUNKED = "chunked";

    private Framing() {
    }

    /**
     * Checks the framing headers of a request.
     *
     * @param ex the exchange, before anything else looked at it
     * @throws SeqlogException invalid_request, with the connection marked to close after the answer
     */
    static void check(HttpServerExchange ex) {
        HeaderValues te = ex.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (te == null) {
            return;
        }
        if (te.size() != 1 || !te.getFirst().trim().equalsIgnoreCase(CHUNKED)) {
            throw refuse(ex, "Transfer-Encoding must be exactly \"chunked\" when present");
        }
        if (ex.getRequestHeaders().contains(Headers.CONTENT_LENGTH)) {
            throw refuse(ex, "a request must not carry both Transfer-Encoding and Content-Length");
        }
    }

    private static SeqlogException refuse(HttpServerExchange ex, String message) {
        // the rest of the connection cannot be framed reliably: answer, then close
        ex.setPersistent(false);
        return new SeqlogException(ErrorCode.INVALID_REQUEST, message);
    }
}
