package dev.seqlog.junit;

/** How long one emulator lives under {@link WithSeqlog}. */
public enum Scope {
    /** A new emulator for every test method, closed after it. */
    PER_METHOD,
    /**
     * One emulator for the test class, started before its first test and closed after its last; before every
     * test but the first it is reset to an empty state with its clock back at the start time. In server mode
     * the URL stays the same.
     */
    PER_CLASS
}
