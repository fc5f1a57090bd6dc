package dev.seqlog.junit;

/** How a test reaches the emulated seqlog. */
public enum Mode {
    /** The engine runs in the test's JVM and {@link SeqlogEmulator#log()} is the engine itself (behind a facade). */
    EMBEDDED,
    /**
     * The engine runs behind an HTTP server on a loopback port chosen by the system; {@link SeqlogEmulator#log()}
     * is a client talking to it and {@link SeqlogEmulator#url()} its base URL, for any other client.
     */
    SERVER
}
