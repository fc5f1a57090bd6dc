package dev.seqlog.client;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The client's one failure mapper: every failure an {@link dev.seqlog.api.EventLog} method reports is a
 * {@link SeqlogException}.
 * <ul>
 *   <li>An error envelope (API §1.9) keeps its code, message and {@code detail}; a {@code Retry-After} header
 *       (API §1.10) adds {@code detail.retry_after} in seconds when the detail does not carry it already. A code
 *       this client does not know becomes {@code internal} with {@code detail.wire_code}.</li>
 *   <li>A non-2xx answer without an envelope (a proxy's page, say) gets the code its status implies, else
 *       {@code internal}, with {@code detail.status}.</li>
 *   <li>Transport failures keep the cause: a timeout is {@code request_timeout} ({@code detail.reason}
 *       {@code connect_timeout} or {@code request_timeout}); a refused connection or any other I/O failure is
 *       {@code internal} with {@code detail.reason} {@code unreachable} or {@code transport}.</li>
 * </ul>
 * Stateless.
 */
final class Errors {
    private Errors() {
    }

    /**
     * The exception for a non-2xx answer.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the response body
     * @return the exception
     */
    static SeqlogException fromResponse(int status, HttpHeaders headers, byte[] body) {
        SeqlogException e = envelope(status, body);
        if (e == null) {
            e = new SeqlogException(byStatus(status), "the server answered HTTP " + status).with("status", status);
        }
        String retry = headers == null ? null : headers.firstValue("Retry-After").orElse(null);
        if (retry != null && !e.detail().containsKey("retry_after")) {
            try {
                e.with("retry_after", Long.parseLong(retry.trim()));
            } catch (NumberFormatException dateForm) {
                e.with("retry_after", retry.trim());
            }
        }
        return e;
    }

    /** Parses {@code {"error":{"code","message","detail"}}}, or null if the body is not that. */
    @SuppressWarnings("unchecked")
    private static SeqlogException envelope(int status, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String code = null;
        String message = null;
        Map<String, Object> detail = null;
        try (JsonIn in = new JsonIn(body)) {
            in.expectObject();
            String f;
            while ((f = in.field()) != null) {
                if (!f.equals("error") || in.isNull()) {
                    in.skip();
                    continue;
                }
                in.expectObject();
                String g;
                while ((g = in.field()) != null) {
                    switch (g) {
                        case "code" -> code = in.str();
                        case "message" -> message = in.str();
                        case "detail" -> {
                            Object d = in.value();
                            detail = d instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
                        }
                        default -> in.skip();
                    }
                }
            }
        } catch (IOException | RuntimeException notAnEnvelope) {
            return null;
        }
        if (code == null) {
            return null;
        }
        ErrorCode known = byWireName(code);
        SeqlogException e = new SeqlogException(known == null ? ErrorCode.INTERNAL : known,
                message == null ? code : message);
        if (detail != null) {
            detail.forEach(e::with);
        }
        if (known == null) {
            e.with("wire_code", code).with("status", status);
        }
        return e;
    }

    /**
     * @param wire a {@code snake_case} code
     * @return the code, or null if this client does not know it
     */
    static ErrorCode byWireName(String wire) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.wireName().equals(wire)) {
                return c;
            }
        }
        return null;
    }

    /** The code an HTTP status implies when there is no envelope: only statuses with one obvious meaning. */
    private static ErrorCode byStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> ErrorCode.TOPIC_FULL;
            case 429 -> ErrorCode.THROTTLED;
            case 503 -> ErrorCode.NOT_READY;
            default -> ErrorCode.INTERNAL;
        };
    }

    /**
     * The exception for a failure to get an answer at all.
     *
     * @param t what the transport failed with (wrappers are unwrapped)
     * @param target the request, for the message
     * @return the exception
     */
    static SeqlogException transport(Throwable t, String target) {
        Throwable c = unwrap(t);
        if (c instanceof SeqlogException s) {
            return s;
        }
        if (c instanceof HttpConnectTimeoutException) {
            return new SeqlogException(ErrorCode.REQUEST_TIMEOUT, "no connection to " + target + " within the connect timeout",
                    c).with("reason", "connect_timeout");
        }
        if (c instanceof HttpTimeoutException) {
            return new SeqlogException(ErrorCode.REQUEST_TIMEOUT, "no answer from " + target + " within the request timeout",
                    c).with("reason", "request_timeout");
        }
        if (c instanceof ConnectException) {
            return new SeqlogException(ErrorCode.INTERNAL, "cannot reach " + target + ": connection refused", c)
                    .with("reason", "unreachable");
        }
        if (c instanceof CancellationException) {
            return new SeqlogException(ErrorCode.SHUTTING_DOWN, "the request to " + target + " was cancelled", c)
                    .with("reason", "cancelled");
        }
        if (c instanceof IOException) {
            return new SeqlogException(ErrorCode.INTERNAL, "the request to " + target + " failed: " + c, c)
                    .with("reason", "transport");
        }
        return new SeqlogException(ErrorCode.INTERNAL, "the request to " + target + " failed in the client: " + c, c)
                .with("reason", "client");
    }

    /** A server answer this client cannot read. */
    static SeqlogException malformed(String what, Throwable cause) {
        return new SeqlogException(ErrorCode.INTERNAL, "malformed " + what + " from the server: " + cause.getMessage(),
                cause).with("reason", "malformed_response");
    }

    /** The failure of a call made after {@link SeqlogClient#close()}. */
    static SeqlogException closed() {
        return new SeqlogException(ErrorCode.SHUTTING_DOWN, "the client is closed");
    }

    /** @return the first cause that is not a future's wrapper */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
