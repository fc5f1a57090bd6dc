package dev.seqlog.api;

/**
 * Every stable error code of the /v0 contract, with the HTTP status it maps to.
 *
 * <p>Clients branch on the code, never on the message.
 */
public enum ErrorCode {
    /** Malformed input, wrong type, missing field, invalid name or cursor. */
    INVALID_REQUEST(400),
    /** Too many records in one write, or too many seqs in one queue call. */
    BATCH_TOO_LARGE(400),
    /** A record over the size limits, or a write that can never fit a reject topic. */
    RECORD_TOO_LARGE(400),
    /** Missing or unknown bearer token. */
    UNAUTHORIZED(401),
    /** Missing scope, or a name outside the key's prefix allowlist. */
    FORBIDDEN(403),
    /** The topic does not exist and the call does not create it. */
    TOPIC_NOT_FOUND(404),
    /** The router does not exist. */
    ROUTER_NOT_FOUND(404),
    /** Unknown route or unknown watch session. */
    NOT_FOUND(404),
    /** Known path, unsupported method. */
    METHOD_NOT_ALLOWED(405),
    /** A streaming route cannot satisfy the Accept header. */
    NOT_ACCEPTABLE(406),
    /** The request body did not arrive within the server's body timeout. */
    REQUEST_TIMEOUT(408),
    /** A router would close a directed cycle. */
    ROUTER_CYCLE(409),
    /** A change of an immutable topic property, or a router fan-in into a derived destination. */
    TOPIC_EXISTS_INCOMPATIBLE(409),
    /** A change of an existing router's source or dest. */
    ROUTER_EXISTS_INCOMPATIBLE(409),
    /** A conditional topic delete found live records. */
    TOPIC_NOT_EMPTY(409),
    /** A queue operation on a log topic. */
    NOT_A_QUEUE(409),
    /** Request body over the size limit. */
    PAYLOAD_TOO_LARGE(413),
    /** Wrong content type or content encoding. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A write to a full {@code discard:"reject"} topic. */
    TOPIC_FULL(422),
    /** Load shedding or a resource cap. */
    THROTTLED(429),
    /** Unexpected failure, storage failure, read-only storage or detected corruption. */
    INTERNAL(500),
    /** Start-up recovery is still running. */
    NOT_READY(503),
    /** The server is draining for shutdown. */
    SHUTTING_DOWN(503);

    private final int httpStatus;
    private final String wireName;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
        this.wireName = name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The HTTP status this code is served with.
     *
     * @return the status, 400 to 503
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The snake_case code as it appears in {@code error.code}.
     *
     * @return the wire name
     */
    public String wireName() {
        return wireName;
    }
}
