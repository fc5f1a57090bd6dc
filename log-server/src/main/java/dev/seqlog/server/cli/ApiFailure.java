package dev.seqlog.server.cli;

/**
 * A call to the server that failed: an error answer, or no answer at all. Tells a command that retries
 * (tail's reconnect) whether the same call may succeed later. Immutable.
 */
final class ApiFailure extends CliFailure {
    /** The status of a call the server never answered (refused, reset, timed out). */
    static final int NO_ANSWER = 0;
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiFailure(String message, int status) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status of the error answer, or {@link #NO_ANSWER} */
    int status() {
        return status;
    }

    /**
     * Whether the same call may succeed later: no answer, a timeout, throttling (429) or a server-side
     * failure (5xx, which includes 503 while a restarted server recovers). Any other 4xx means the request
     * itself is refused (bad, unauthorized, forbidden, gone) and repeating it changes nothing.
     */
    boolean retryable() {
        return status == NO_ANSWER || status == 408 || status == 429 || status >= 500;
    }
}
