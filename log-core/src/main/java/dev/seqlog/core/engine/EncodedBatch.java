package dev.seqlog.core.engine;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.format.AppendBody;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An append request checked against the limits of API §12.1 and with its strings encoded, done before
 * the topic lock is taken so the critical section only copies bytes.
 *
 * <p>Immutable after construction; confined to the appending thread.
 */
public final class EncodedBatch implements AppendBody.Batch {
    final List<RecordInput> records;
    final byte[][] nodes;
    final byte[][] tags;
    final long totalBytes;
    final String idempotencyKey;

    private EncodedBatch(List<RecordInput> records, byte[][] nodes, byte[][] tags, long totalBytes, String key) {
        this.records = records;
        this.nodes = nodes;
        this.tags = tags;
        this.totalBytes = totalBytes;
        this.idempotencyKey = key;
    }

    /**
     * Validates and encodes a request.
     *
     * @param req the request
     * @param limits the limits in force
     * @return the batch
     * @throws SeqlogException invalid_request, batch_too_large or record_too_large, with detail.index
     */
    public static EncodedBatch encode(AppendRequest req, Limits limits) {
        List<RecordInput> records = req.records();
        int n = records.size();
        if (n == 0) {
            throw SeqlogException.invalid("records", "records must contain at least one record");
        }
        if (n > limits.maxBatchRecords()) {
            throw new SeqlogException(ErrorCode.BATCH_TOO_LARGE, "too many records in one write")
                    .with("limit", "max_batch_records").with("max", limits.maxBatchRecords()).with("count", n);
        }
        String key = req.idempotencyKey();
        if (key != null) {
            int kl = key.getBytes(StandardCharsets.UTF_8).length;
            if (kl < 1 || kl > Limits.MAX_IDEMPOTENCY_KEY_BYTES) {
                throw SeqlogException.invalid("idempotency_key", "idempotency_key must be 1 to 256 bytes");
            }
        }
        byte[] batchNode = req.node() == null ? null : checkName(req.node(), "node", limits.maxNodeBytes(), -1);
        byte[][] nodes = new byte[n][];
        byte[][] tags = new byte[n][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            RecordInput r = records.get(i);
            nodes[i] = r.node() == null ? batchNode : checkName(r.node(), "node", limits.maxNodeBytes(), i);
            tags[i] = r.tag() == null ? null : checkName(r.tag(), "tag", limits.maxTagBytes(), i);
            byte[] meta = r.meta();
            if (meta != null && meta.length > limits.maxMetaBytes()) {
                throw new SeqlogException(ErrorCode.RECORD_TOO_LARGE, "meta of record " + i + " is too large")
                        .with("index", i).with("limit", "max_meta_bytes").with("max", limits.maxMetaBytes())
                        .with("size", meta.length);
            }
            long size = r.accountedSize();
            if (size > limits.maxRecordBytes()) {
                throw new SeqlogException(ErrorCode.RECORD_TOO_LARGE, "record " + i + " is too large")
                        .with("index", i).with("limit", "max_record_bytes").with("max", limits.maxRecordBytes())
                        .with("size", size);
            }
            total += size;
        }
        return new EncodedBatch(records, nodes, tags, total, key);
    }

    /** @return the number of records */
    @Override
    public int size() {
        return records.size();
    }

    @Override
    public RecordInput record(int i) {
        return records.get(i);
    }

    @Override
    public byte[] node(int i) {
        return nodes[i];
    }

    @Override
    public byte[] tag(int i) {
        return tags[i];
    }

    private static byte[] checkName(String s, String field, int max, int index) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > max) {
            SeqlogException e = SeqlogException.invalid(field, field + " must be 1 to " + max + " bytes");
            if (index >= 0) {
                e.with("index", index);
            }
            throw e;
        }
        return b;
    }
}
