package dev.seqlog.api;

/**
 * Request limits and resource caps the engine enforces (API §12). Every
 * field of {@link #defaults()} is the contract's default.
 *
 * @param maxBatchRecords records per write
 * @param maxRecordBytes accounted data + meta bytes per record
 * @param maxMetaBytes meta bytes per record
 * @param maxTagBytes tag bytes
 * @param maxNodeBytes node id bytes
 * @param maxLimit records per read (clamp)
 * @param maxTopics topic cap, 0 for unlimited
 * @param maxTotalBytes accounted live bytes over all topics, 0 for unlimited
 */
public record Limits(int maxBatchRecords, int maxRecordBytes, int maxMetaBytes, int maxTagBytes, int maxNodeBytes,
                     int maxLimit, long maxTopics, long maxTotalBytes) {

    /** Longest idempotency key, in bytes (fixed). */
    public static final int MAX_IDEMPOTENCY_KEY_BYTES = 256;

    private static final Limits DEFAULTS = new Limits(10_000, 1 << 20, 16 << 10, 256, 128, 1000, 100_000, 0);

    /**
     * Validates: request limits are at least 1, caps non-negative.
     *
     * @param maxBatchRecords records per write
     * @param maxRecordBytes bytes per record
     * @param maxMetaBytes meta bytes
     * @param maxTagBytes tag bytes
     * @param maxNodeBytes node bytes
     * @param maxLimit read limit
     * @param maxTopics topic cap
     * @param maxTotalBytes bytes quota
     */
    public Limits {
        if (maxBatchRecords < 1 || maxRecordBytes < 1 || maxMetaBytes < 1 || maxTagBytes < 1 || maxNodeBytes < 1
                || maxLimit < 1 || maxTopics < 0 || maxTotalBytes < 0) {
            throw new IllegalArgumentException("request limits must be >= 1 and caps >= 0");
        }
        if (maxNodeBytes > 255) {
            throw new IllegalArgumentException("maxNodeBytes must be at most 255");
        }
        if (maxTagBytes > 65535) {
            throw new IllegalArgumentException("maxTagBytes must be at most 65535");
        }
    }

    /** @return the contract's defaults */
    public static Limits defaults() {
        return DEFAULTS;
    }
}
