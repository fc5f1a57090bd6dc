package dev.seqlog.api;

/**
 * Validation of topic and router names (API §1.7). Names are ASCII by construction, so the String
 * order of valid names equals their byte order.
 */
public final class Names {
    /** Longest valid name, in bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private Names() {
    }

    /**
     * Whether {@code name} is a valid topic name: {@code ^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$}.
     *
     * @param name the candidate, may be null
     * @return true if valid
     */
    public static boolean isValidTopic(String name) {
        return isValid(name, false);
    }

    /**
     * Whether {@code name} is a valid router name: the topic alphabet plus {@code >}.
     *
     * @param name the candidate, may be null
     * @return true if valid
     */
    public static boolean isValidRouter(String name) {
        return isValid(name, true);
    }

    /**
     * Checks a topic name.
     *
     * @param name the candidate
     * @return the name
     * @throws SeqlogException {@link ErrorCode#INVALID_REQUEST} with {@code detail.topic}
     */
    public static String requireTopic(String name) {
        if (!isValidTopic(name)) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "invalid topic name")
                    .with("topic", name);
        }
        return name;
    }

    /**
     * Checks a router name.
     *
     * @param name the candidate
     * @return the name
     * @throws SeqlogException {@link ErrorCode#INVALID_REQUEST} with {@code detail.router}
     */
    public static String requireRouter(String name) {
        if (!isValidRouter(name)) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "invalid router name")
                    .with("router", name);
        }
        return name;
    }

    private static boolean isValid(String name, boolean router) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_BYTES) {
            return false;
        }
        if (!isAlnum(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAlnum(c) || c == '.' || c == '_' || c == ':' || c == '-' || (router && c == '>'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
