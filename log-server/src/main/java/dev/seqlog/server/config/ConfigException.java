package dev.seqlog.server.config;

/** Invalid configuration; the server refuses to start with exit status 1. Immutable. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is wrong, naming the variable
     */
    public ConfigException(String message) {
        super(message);
    }
}
