package dev.seqlog.api;

/** The kind of a topic, fixed for the life of an instance. */
public enum TopicType {
    /** A plain log. */
    LOG,
    /** A log that also serves lease-based job delivery. */
    QUEUE;

    /**
     * The lowercase wire name.
     *
     * @return {@code "log"} or {@code "queue"}
     */
    public String wireName() {
        return this == LOG ? "log" : "queue";
    }

    /**
     * Parses a wire name.
     *
     * @param s the wire value
     * @return the type
     * @throws SeqlogException invalid_request for an unknown value
     */
    public static TopicType fromWire(String s) {
        if ("log".equals(s)) {
            return LOG;
        }
        if ("queue".equals(s)) {
            return QUEUE;
        }
        throw SeqlogException.invalid("type", "type must be \"log\" or \"queue\"");
    }
}
