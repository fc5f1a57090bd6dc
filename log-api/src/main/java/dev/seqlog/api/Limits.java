package dev.seqlog.api;

import java.util.List;

/**
 * Request limits and resource caps the engine enforces (API §12). Every
 * field of {@link #defaults()} is the contract's default.
 *
 * <p>This type also owns the check of every per-write and per-record limit and the error each one
 * raises (code, message, {@code detail}): the engine runs {@link #checkAppend} on every append, and the
 * server runs the same methods while it streams a body, so that a bad record is reported at the
 * first offending position ({@code detail.index}, or {@code detail.line} for NDJSON, added by the
 * caller) and before body-dependent authorization (API §1.2). Payload syntax and nesting depth are
 * checked by {@link CanonicalJson}.
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

    /**
     * Checks a whole write: record count, idempotency key, batch-level node, then every record. A
     * record's error carries {@code detail.index}.
     *
     * @param request the write
     * @throws SeqlogException the first failing check's error
     */
    public void checkAppend(AppendRequest request) {
        List<RecordInput> records = request.records();
        checkBatchSize(records.size());
        if (request.idempotencyKey() != null) {
            checkIdempotencyKey(request.idempotencyKey());
        }
        if (request.node() != null) {
            checkNode(request.node());
        }
        for (int i = 0; i < records.size(); i++) {
            try {
                checkRecord(records.get(i));
            } catch (SeqlogException e) {
                throw e.with("index", i);
            }
        }
    }

    /**
     * Checks the number of records of one write: 1 to {@link #maxBatchRecords()}.
     *
     * @param count records in the write (all of them, also those past the limit)
     * @throws SeqlogException invalid_request for none, batch_too_large with {@code limit}, {@code max},
     *         {@code count} for too many
     */
    public void checkBatchSize(int count) {
        if (count < 1) {
            throw SeqlogException.invalid("records", "records must not be empty");
        }
        if (count > maxBatchRecords) {
            throw new SeqlogException(ErrorCode.BATCH_TOO_LARGE, "a write may carry at most " + maxBatchRecords
                    + " records").with("limit", "max_batch_records").with("max", maxBatchRecords).with("count", count);
        }
    }

    /**
     * Checks one record in the order API §3 lists its limits: accounted size, {@code meta} size, number
     * of {@code meta} keys, tag, node. The caller adds the record's position to the error.
     *
     * @param r the record
     * @throws SeqlogException record_too_large with {@code limit}, {@code max}, {@code size}, or
     *         invalid_request naming the field
     */
    public void checkRecord(RecordInput r) {
        long size = r.accountedSize();
        if (size > maxRecordBytes) {
            throw tooLarge("record is larger than " + maxRecordBytes + " bytes", "max_record_bytes", maxRecordBytes,
                    size);
        }
        byte[] meta = r.meta();
        if (meta != null) {
            if (meta.length > maxMetaBytes) {
                throw tooLarge("meta is larger than " + maxMetaBytes + " bytes", "max_meta_bytes", maxMetaBytes,
                        meta.length);
            }
            if (r.metaKeys() > RecordInput.MAX_META_KEYS) {
                throw tooLarge("meta has more than " + RecordInput.MAX_META_KEYS + " keys", "meta_keys",
                        RecordInput.MAX_META_KEYS, r.metaKeys());
            }
        }
        if (r.tag() != null) {
            checkTag(r.tag(), "tag");
        }
        if (r.node() != null) {
            checkNode(r.node());
        }
    }

    /**
     * Checks a tag: 1 to {@link #maxTagBytes()} UTF-8 bytes.
     *
     * @param tag the tag
     * @param field the request field it came from ({@code "tag"}, or an NDJSON {@code tag_field})
     * @throws SeqlogException invalid_request naming {@code field}
     */
    public void checkTag(String tag, String field) {
        checkName(tag, field, maxTagBytes, "tag");
    }

    /**
     * Checks a writer's or reader's node id: present, 1 to {@link #maxNodeBytes()} UTF-8 bytes.
     *
     * @param node the id
     * @throws SeqlogException invalid_request naming {@code node}, also when it is null
     */
    public void checkNode(String node) {
        checkName(node, "node", maxNodeBytes, "node");
    }

    /**
     * Checks an idempotency key: 1 to {@link #MAX_IDEMPOTENCY_KEY_BYTES} UTF-8 bytes.
     *
     * @param key the key
     * @throws SeqlogException invalid_request naming {@code idempotency_key}
     */
    public static void checkIdempotencyKey(String key) {
        checkName(key, "idempotency_key", MAX_IDEMPOTENCY_KEY_BYTES, "idempotency_key");
    }

    private static void checkName(String value, String field, int max, String what) {
        if (value == null) { // a queue call without a node: a refusal, not a NullPointerException
            throw SeqlogException.invalid(field, field + " is required");
        }
        int n = Utf8.length(value);
        if (n < 0) {
            throw Utf8.unpaired(field);
        }
        if (n == 0) {
            throw SeqlogException.invalid(field, field + " must not be empty");
        }
        if (n > max) {
            throw SeqlogException.invalid(field, what + " is longer than " + max + " bytes");
        }
    }

    private static SeqlogException tooLarge(String message, String limit, long max, long size) {
        return new SeqlogException(ErrorCode.RECORD_TOO_LARGE, message)
                .with("limit", limit).with("max", max).with("size", size);
    }
}
