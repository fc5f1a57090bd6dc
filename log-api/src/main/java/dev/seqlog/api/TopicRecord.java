package dev.seqlog.api;

import java.nio.charset.StandardCharsets;

/**
 * A materialised record, as returned by {@link EventLog#diff(String, DiffRequest)}.
 *
 * @param seq position in the topic instance
 * @param ts commit time, ms since the epoch
 * @param node origin node id, or null
 * @param tag tag, or null (also null when tags were not requested)
 * @param data canonical JSON bytes of {@code data}, or null when a watch left data out
 * @param meta canonical JSON object bytes of {@code meta}, or null
 */
public record TopicRecord(long seq, long ts, String node, String tag, byte[] data, byte[] meta) {

    /**
     * Copies a view into a record.
     *
     * @param v the view
     * @return the record
     */
    public static TopicRecord copyOf(RecordView v) {
        java.nio.ByteBuffer b = v.buffer();
        byte[] data = null;
        if (v.dataLength() >= 0) {
            data = new byte[v.dataLength()];
            b.get(v.dataOffset(), data);
        }
        byte[] meta = null;
        if (v.metaLength() >= 0) {
            meta = new byte[v.metaLength()];
            b.get(v.metaOffset(), meta);
        }
        return new TopicRecord(v.seq(), v.ts(), string(b, v.nodeOffset(), v.nodeLength()),
                string(b, v.tagOffset(), v.tagLength()), data, meta);
    }

    /** @return {@code data} as a string */
    public String dataString() {
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }

    /** @return {@code meta} as a string, or null */
    public String metaString() {
        return meta == null ? null : new String(meta, StandardCharsets.UTF_8);
    }

    private static String string(java.nio.ByteBuffer b, int off, int len) {
        if (len <= 0) {
            return null;
        }
        byte[] bytes = new byte[len];
        b.get(off, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicRecord r && r.seq == seq && r.ts == ts && java.util.Objects.equals(r.node, node)
                && java.util.Objects.equals(r.tag, tag) && java.util.Arrays.equals(r.data, data)
                && java.util.Arrays.equals(r.meta, meta);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TopicRecord{seq=" + seq + ", ts=" + ts + ", node=" + node + ", tag=" + tag + ", data=" + dataString()
                + (meta == null ? "" : ", meta=" + metaString()) + "}";
    }
}
