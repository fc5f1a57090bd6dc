package dev.seqlog.core.internal.topic;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.format.AppendBody;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An append request checked against the limits of API §12.1 ({@link Limits#checkAppend}, the one place
 * those checks live) and with its strings encoded, done before the topic lock is taken so the critical
 * section only copies bytes.
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
        limits.checkAppend(req);
        List<RecordInput> records = req.records();
        int n = records.size();
        byte[] batchNode = req.node() == null ? null : utf8(req.node());
        byte[][] nodes = new byte[n][];
        byte[][] tags = new byte[n][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            RecordInput r = records.get(i);
            nodes[i] = r.node() == null ? batchNode : utf8(r.node());
            tags[i] = r.tag() == null ? null : utf8(r.tag());
            total += r.accountedSize();
        }
        return new EncodedBatch(records, nodes, tags, total, req.idempotencyKey());
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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
