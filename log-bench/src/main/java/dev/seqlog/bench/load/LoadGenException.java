package dev.seqlog.bench.load;

/** A workload could not continue: an unexpected HTTP status or a transport failure. Immutable. */
final class LoadGenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadGenException(String message) {
        super(message);
    }

    LoadGenException(String message, Throwable cause) {
        super(message, cause);
    }
}
