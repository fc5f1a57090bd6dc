package dev.seqlog.core.routers;

import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.core.internal.format.ForwardTrailer;
import dev.seqlog.core.internal.topic.EncodedBatch;
import dev.seqlog.core.internal.topic.RecordViewImpl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The copies one read of the source yields (SEMANTICS §12.2, §12.4): it receives the read's records under the
 * source's lock, skips those the filter or the hop limit rules out and, under exactly-once, those whose copy is
 * already live in the destination, and copies the rest out of the segments: data, meta (with the reserved key
 * under exactly-once), node and tag per the preserve options, and the hop count plus one.
 *
 * <p>Confined to the forwarder's run.
 */
final class CopyBatch implements RecordSink {
    /** A router with {@code allow_cycle} does not forward a record that has made this many hops. */
    static final int HOP_LIMIT = 8;

    private final RouterDef def;
    private final Set<Long> present;
    private final List<RecordInput> records = new ArrayList<>();
    private byte[][] nodes = new byte[16][];
    private byte[][] tags = new byte[16][];
    private byte[] hops = new byte[16];
    private byte[] data = new byte[4096];
    private int used;
    private long found;

    /**
     * @param def the router's definition as of the read
     * @param present source seqs whose exactly-once copy is known to be live in the destination (entries used are
     *        removed)
     */
    CopyBatch(RouterDef def, Set<Long> present) {
        this.def = def;
        this.present = present;
    }

    @Override
    public void accept(RecordView v) {
        ByteBuffer b = v.buffer();
        String tag = v.tagLength() == 0 ? null : string(b, v.tagOffset(), v.tagLength());
        if (def.filter() != null && !def.filter().matches(tag)) {
            return;
        }
        int h = ((RecordViewImpl) v).hops();
        if (def.allowCycle() && h >= HOP_LIMIT) {
            return;
        }
        if (!present.isEmpty() && present.remove(v.seq())) {
            found++;
            return;
        }
        int at = take(b, v.dataOffset(), v.dataLength());
        byte[] meta = v.metaLength() < 0 ? null : bytes(b, v.metaOffset(), v.metaLength());
        if (def.guarantee() == RouterGuarantee.EXACTLY_ONCE) {
            meta = ExactlyOnceKey.stamp(meta, ExactlyOnceKey.member(def.name(), def.source(), def.sourceId(), v.seq()));
        }
        // the meta is canonical and its limits are not checked again for a copy, so its key count is not needed
        RecordInput copy = RecordInput.trusted(data, at, v.dataLength()).withTrustedMeta(meta, 0);
        int n = records.size();
        if (n == hops.length) {
            nodes = Arrays.copyOf(nodes, n * 2);
            tags = Arrays.copyOf(tags, n * 2);
            hops = Arrays.copyOf(hops, n * 2);
        }
        if (def.preserveTag() && tag != null) {
            copy = copy.withTag(tag);
            tags[n] = tag.getBytes(StandardCharsets.UTF_8);
        }
        if (def.preserveNode() && v.nodeLength() > 0) {
            nodes[n] = bytes(b, v.nodeOffset(), v.nodeLength());
        }
        hops[n] = (byte) Math.min(h + 1, 255);
        records.add(copy);
    }

    /** Copies data bytes into the batch's shared array; a grown array leaves earlier records on the old one. */
    private int take(ByteBuffer b, int off, int len) {
        if (data.length - used < len) {
            data = new byte[Math.max(data.length * 2, len)];
            used = 0;
        }
        b.get(off, data, used, len);
        int at = used;
        used += len;
        return at;
    }

    private static byte[] bytes(ByteBuffer b, int off, int len) {
        byte[] out = new byte[len];
        b.get(off, out);
        return out;
    }

    private static String string(ByteBuffer b, int off, int len) {
        return new String(bytes(b, off, len), StandardCharsets.UTF_8);
    }

    /** @return copies to append */
    int size() {
        return records.size();
    }

    /** @return source records skipped because their copy was found live in the destination */
    long found() {
        return found;
    }

    /**
     * @param progress the router's progress once the copies are appended
     * @return the batch to append
     */
    EncodedBatch encode(ForwardTrailer.Progress progress) {
        int n = records.size();
        return EncodedBatch.forwarded(records, Arrays.copyOf(nodes, n), Arrays.copyOf(tags, n),
                Arrays.copyOf(hops, n), progress);
    }
}
