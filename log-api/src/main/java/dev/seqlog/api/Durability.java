package dev.seqlog.api;

/** The commit class of a topic: what an acknowledgement promises and what survives a crash. */
public enum Durability {
    /** Records live only in process memory; configuration and head survive restarts. */
    EPHEMERAL,
    /** Logged like {@link #DISK} but with no guarantee; lost seqs may be reused. */
    MEMORY,
    /** Acknowledged on acceptance by the log writer, flushed within a second. */
    DISK,
    /** Acknowledged only after the records are flushed to stable storage. */
    FSYNC;

    /**
     * The lowercase wire name.
     *
     * @return the name as used in {@code durability}
     */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @param s the wire value
     * @return the class
     * @throws SeqlogException invalid_request for an unknown value
     */
    public static Durability fromWire(String s) {
        if (s != null) {
            for (Durability d : values()) {
                if (d.wireName().equals(s)) {
                    return d;
                }
            }
        }
        throw SeqlogException.invalid("durability",
                "durability must be one of \"ephemeral\", \"memory\", \"disk\", \"fsync\"");
    }
}
