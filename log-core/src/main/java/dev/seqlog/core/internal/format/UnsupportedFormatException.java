package dev.seqlog.core.internal.format;

import java.io.IOException;

/** A persistent file has a format version this build cannot read; start-up must stop. Immutable. */
public final class UnsupportedFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what and where, as key=value facts
     */
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
