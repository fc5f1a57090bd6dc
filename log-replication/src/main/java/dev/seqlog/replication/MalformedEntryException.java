package dev.seqlog.replication;

/**
 * A replicated entry or reply whose bytes do not follow the documented layout (a truncated payload, an unknown
 * version or kind). Applying such an entry would make replicas diverge, so the state machine stops on it rather
 * than skip it.
 */
final class MalformedEntryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedEntryException(String message) {
        super("malformed replicated payload: " + message);
    }

    MalformedEntryException(String message, Throwable cause) {
        super("malformed replicated payload: " + message, cause);
    }
}
