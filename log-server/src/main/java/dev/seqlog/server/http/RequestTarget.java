package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpRequestParser;

/**
 * The characters a request target may carry unescaped. A router name may arrive with a raw {@code >} (API §1.7),
 * which Undertow's parser refuses unless told to let every unescaped character through; the listener tells it so,
 * and this check puts back the parser's own refusal for every character but {@code >}, in the path and the query
 * alike, before routing. Stateless.
 */
final class RequestTarget {
    private RequestTarget() {
    }

    /**
     * Checks the raw target of a request.
     *
     * @param ex the exchange, before routing
     * @throws SeqlogException invalid_request for a character that must be percent-encoded
     */
    static void check(HttpServerExchange ex) {
        if (!allowed(ex.getRequestURI()) || !allowed(ex.getQueryString())) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST,
                    "malformed HTTP request: the request target has a character that must be percent-encoded");
        }
    }

    private static boolean allowed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '>' && !HttpRequestParser.isTargetCharacterAllowed(c)) {
                return false;
            }
        }
        return true;
    }
}
