package dev.seqlog.client;

import dev.seqlog.api.TopicRecord;

import java.io.IOException;

/** The fields of one record (API §1.8), payloads as byte ranges of the answer. Confined to one thread. */
final class RecordFields {
    long seq;
    long ts;
    String node;
    String tag;
    /** Body range of the node string's content, inside its quotes. */
    int[] nodeRaw;
    /** Body range of the tag string's content, inside its quotes. */
    int[] tagRaw;
    int[] data;
    int[] meta;

    /** Reads one record field, skipping others. */
    void field(JsonIn in, String name) throws IOException {
        switch (name) {
            case "$seq" -> seq = in.num();
            case "$ts" -> ts = in.num();
            case "$node" -> {
                nodeRaw = inside(in.span());
                node = in.str();
            }
            case "$tag" -> {
                tagRaw = inside(in.span());
                tag = in.str();
            }
            case "data" -> data = in.span();
            case "meta" -> meta = in.span();
            default -> in.skip();
        }
    }

    /** Clears the fields for the next record. */
    void reset() {
        seq = 0;
        ts = 0;
        node = null;
        tag = null;
        nodeRaw = null;
        tagRaw = null;
        data = null;
        meta = null;
    }

    private static int[] inside(int[] quoted) {
        return new int[] {quoted[0] + 1, quoted[1] - 1};
    }

    /** @return the record, its payloads copied out of {@code buf} */
    TopicRecord record(byte[] buf) {
        return new TopicRecord(seq, ts, node, tag, copy(buf, data), copy(buf, meta));
    }

    private static byte[] copy(byte[] buf, int[] span) {
        if (span == null) {
            return null;
        }
        byte[] out = new byte[span[1] - span[0]];
        System.arraycopy(buf, span[0], out, 0, out.length);
        return out;
    }
}
