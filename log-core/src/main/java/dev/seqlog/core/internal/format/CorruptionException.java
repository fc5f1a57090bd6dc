package dev.seqlog.core.internal.format;

import java.io.IOException;

/** Durable data failed validation in a way that is not a torn tail; start-up must stop. Immutable. */
public final class CorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what and where, as key=value facts (file, offset)
     */
    public CorruptionException(String message) {
        super(message);
    }
}
