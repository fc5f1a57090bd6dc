package dev.seqlog.api;

/** A router's delivery mode (SEMANTICS §12.3). */
public enum RouterGuarantee {
    /** Every record at least once; a crash may re-forward what was copied but not yet recorded. */
    AT_LEAST_ONCE,
    /** Each copy carries a stable key, and a copy whose key is already live in the destination is not appended. */
    EXACTLY_ONCE;

    /** @return the name on the wire: {@code at_least_once} or {@code exactly_once} */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param s a wire name
     * @return the guarantee
     * @throws SeqlogException invalid_request (detail.field {@code guarantee}) for anything else
     */
    public static RouterGuarantee fromWire(String s) {
        for (RouterGuarantee g : values()) {
            if (g.wireName().equals(s)) {
                return g;
            }
        }
        throw SeqlogException.invalid("guarantee", "guarantee must be \"at_least_once\" or \"exactly_once\"");
    }
}
