package dev.seqlog.server.config;

/** A command-line usage error; the process exits with status 2. Immutable. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is wrong with the command line
     */
    public UsageException(String message) {
        super(message);
    }
}
