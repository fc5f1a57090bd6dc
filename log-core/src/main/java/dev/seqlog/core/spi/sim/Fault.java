package dev.seqlog.core.spi.sim;

import java.io.IOException;

/** An I/O error {@link SimulatedFileSystem} can inject into a mutating call. Immutable. */
public enum Fault {
    /** The call fails with {@code IOException("Input/output error")} and changes nothing. */
    EIO("Input/output error"),
    /** The call fails with {@code IOException("No space left on device")} and changes nothing. */
    ENOSPC("No space left on device"),
    /**
     * A write lands a prefix of its bytes, then fails with ENOSPC (the usual cause of a short write). On a call
     * that is not a write it acts as {@link #ENOSPC}.
     */
    SHORT_WRITE("No space left on device");

    private final String message;

    Fault(String message) {
        this.message = message;
    }

    /** A fresh exception carrying the message the kernel's error string would give. */
    IOException exception() {
        return new IOException(message);
    }
}
