package dev.seqlog.core.internal.tier;

/**
 * Object keys of tiered segments, relative to the store's root:
 * {@code segments/<topic id, 16 digits>-<base seq, 20 digits>-<object id, 16 hex>.seg} and the same with
 * {@code .idx} for its sparse index. The object id is fresh for every upload, so a key is written once and
 * an upload repeated after a crash never meets the bytes of an earlier attempt.
 *
 * <p>Stateless; thread-safe.
 */
public final class ObjectKeys {
    /** The prefix every segment object's key starts with. */
    public static final String SEGMENTS = "segments/";
    private static final String SEG = ".seg";
    private static final String IDX = ".idx";
    private static final int STEM = SEGMENTS.length() + 16 + 1 + 20 + 1 + 16;

    private ObjectKeys() {
    }

    /** @return the key of a segment's bytes */
    public static String segment(long topicId, long baseSeq, long objectId) {
        return stem(topicId, baseSeq, objectId) + SEG;
    }

    /** @return the key of a segment's sparse index */
    public static String index(long topicId, long baseSeq, long objectId) {
        return stem(topicId, baseSeq, objectId) + IDX;
    }

    /** @return the cache file name of a key (no directories) */
    static String fileName(String key) {
        return key.substring(SEGMENTS.length());
    }

    /**
     * @param key a key under {@link #SEGMENTS}
     * @return the object id it names, or 0 if it is not a segment or index key of this layout
     */
    public static long objectId(String key) {
        if (key.length() != STEM + 4 || !key.startsWith(SEGMENTS) || !(key.endsWith(SEG) || key.endsWith(IDX))) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(key, STEM - 16, STEM, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String stem(long topicId, long baseSeq, long objectId) {
        return String.format("%s%016d-%020d-%016x", SEGMENTS, topicId, baseSeq, objectId);
    }
}
