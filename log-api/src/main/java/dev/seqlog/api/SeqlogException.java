package dev.seqlog.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception seqlog raises for a refused or failed operation. It carries a stable
 * {@link ErrorCode} and a detail map of structured facts (names, limits, positions) that the server
 * renders as {@code error.detail}.
 *
 * <p>Thread-safe: immutable once constructed (details are added only while it is being built).
 */
public final class SeqlogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> detail;

    /**
     * Creates an exception.
     *
     * @param code the stable error code
     * @param message a human-readable message; facts go in {@code detail}
     */
    public SeqlogException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param code the stable error code
     * @param message a human-readable message
     * @param cause the underlying failure, or null
     */
    public SeqlogException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.detail = new LinkedHashMap<>();
    }

    /**
     * Adds one detail entry; values are strings, numbers, booleans, lists of those, or null.
     *
     * @param key the detail key, snake_case
     * @param value the value
     * @return this exception, for chaining
     */
    public SeqlogException with(String key, Object value) {
        detail.put(key, value);
        return this;
    }

    /**
     * The stable code.
     *
     * @return the code
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * Structured context, in insertion order.
     *
     * @return an unmodifiable view of the detail entries
     */
    public Map<String, Object> detail() {
        return Collections.unmodifiableMap(detail);
    }

    /**
     * Shorthand for an {@link ErrorCode#INVALID_REQUEST} naming the offending field.
     *
     * @param field the field name
     * @param message what is wrong
     * @return the exception
     */
    public static SeqlogException invalid(String field, String message) {
        return new SeqlogException(ErrorCode.INVALID_REQUEST, message).with("field", field);
    }

    /**
     * Shorthand for a {@link ErrorCode#TOPIC_NOT_FOUND}.
     *
     * @param topic the missing topic
     * @return the exception
     */
    public static SeqlogException topicNotFound(String topic) {
        return new SeqlogException(ErrorCode.TOPIC_NOT_FOUND, "topic \"" + topic + "\" does not exist")
                .with("topic", topic);
    }
}
