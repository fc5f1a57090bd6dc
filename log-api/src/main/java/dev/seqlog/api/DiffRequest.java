package dev.seqlog.api;

import java.util.Set;

/**
 * A bounded read after a cursor (API §4). Limits are clamped by the engine, not rejected.
 *
 * @param fromSeq exclusive cursor; 0 reads from the beginning
 * @param limit maximum records, 0 for the default (256); clamped to the engine's max limit
 * @param nodes reader node ids whose records are skipped on {@code dedupe_node} topics; empty for none
 * @param includeTags whether views expose tags
 * @param includeMeta whether views expose meta
 * @param maxBatchBytes byte budget, 0 for 1 MiB; clamped to 8 MiB; at least one record is returned
 */
public record DiffRequest(long fromSeq, int limit, Set<String> nodes, boolean includeTags, boolean includeMeta,
                          long maxBatchBytes) {
    /** Default record limit. */
    public static final int DEFAULT_LIMIT = 256;
    /** Default byte budget. */
    public static final long DEFAULT_MAX_BATCH_BYTES = 1 << 20;
    /** Upper clamp of the byte budget. */
    public static final long MAX_BATCH_BYTES = 8 << 20;
    /** Most node ids in one filter. */
    public static final int MAX_NODES = 64;

    /**
     * Validates and normalises.
     *
     * @param fromSeq cursor
     * @param limit limit
     * @param nodes node set
     * @param includeTags tags flag
     * @param includeMeta meta flag
     * @param maxBatchBytes byte budget
     */
    public DiffRequest {
        if (fromSeq < 0) {
            throw SeqlogException.invalid("from_seq", "from_seq must be a non-negative integer");
        }
        if (limit < 0) {
            throw SeqlogException.invalid("limit", "limit must be a non-negative integer");
        }
        if (maxBatchBytes < 0) {
            throw SeqlogException.invalid("max_batch_bytes", "max_batch_bytes must be a non-negative integer");
        }
        nodes = nodes == null ? Set.of() : Set.copyOf(nodes);
        if (nodes.size() > MAX_NODES) {
            throw SeqlogException.invalid("node", "at most 64 node ids per read");
        }
        if (limit == 0) {
            limit = DEFAULT_LIMIT;
        }
        maxBatchBytes = maxBatchBytes == 0 ? DEFAULT_MAX_BATCH_BYTES : Math.min(maxBatchBytes, MAX_BATCH_BYTES);
    }

    /**
     * Records after {@code fromSeq} with every other option at its default.
     *
     * @param fromSeq the cursor
     * @return the request
     */
    public static DiffRequest from(long fromSeq) {
        return new DiffRequest(fromSeq, 0, Set.of(), false, true, 0);
    }

    /**
     * This request with another record limit. Default: 0, meaning {@value #DEFAULT_LIMIT}, clamped to the log's
     * maximum.
     *
     * @param v the limit, 0 for the default
     * @return a new request
     */
    public DiffRequest withLimit(int v) {
        return new DiffRequest(fromSeq, v, nodes, includeTags, includeMeta, maxBatchBytes);
    }

    /**
     * This request skipping records of these nodes on {@code dedupe_node} topics. Default: none skipped.
     *
     * @param v node ids
     * @return a new request
     */
    public DiffRequest withNodes(Set<String> v) {
        return new DiffRequest(fromSeq, limit, v, includeTags, includeMeta, maxBatchBytes);
    }

    /**
     * This request with tags included or not. Default: not.
     *
     * @param v the flag
     * @return a new request
     */
    public DiffRequest withTags(boolean v) {
        return new DiffRequest(fromSeq, limit, nodes, v, includeMeta, maxBatchBytes);
    }

    /**
     * This request with meta included or not. Default: included.
     *
     * @param v the flag
     * @return a new request
     */
    public DiffRequest withMeta(boolean v) {
        return new DiffRequest(fromSeq, limit, nodes, includeTags, v, maxBatchBytes);
    }

    /**
     * This request with another byte budget per read. Default: 0, meaning {@value #DEFAULT_MAX_BATCH_BYTES},
     * clamped to {@value #MAX_BATCH_BYTES}; at least one record is returned.
     *
     * @param v bytes, 0 for the default
     * @return a new request
     */
    public DiffRequest withMaxBatchBytes(long v) {
        return new DiffRequest(fromSeq, limit, nodes, includeTags, includeMeta, v);
    }

    /**
     * This request from another cursor.
     *
     * @param v the cursor
     * @return a new request
     */
    public DiffRequest withFromSeq(long v) {
        return new DiffRequest(v, limit, nodes, includeTags, includeMeta, maxBatchBytes);
    }
}
