package dev.seqlog.core.internal.segment;

/**
 * The record layout's offsets, for tests outside this package that read or damage segment entries at named
 * offsets. The constants stay package-private in {@link RecordLayout}.
 *
 * <p>Stateless; thread-safe.
 */
public final class EngineLayouts {
    /** Offset of an entry's node length. */
    public static final int NODE_LENGTH = RecordLayout.NODE_LENGTH;
    /** Offset of an entry's tag length. */
    public static final int TAG_LENGTH = RecordLayout.TAG_LENGTH;
    /** Bytes of an entry before its node, tag, data and meta. */
    public static final int ENTRY_HEADER = RecordLayout.HEADER;

    private EngineLayouts() {
    }
}
