package dev.seqlog.server.cli;

/**
 * An expected failure of a command (a server error, an unreachable server, a file that cannot be read):
 * printed as one line, exit status 1, no stack trace. Immutable.
 */
class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }
}
