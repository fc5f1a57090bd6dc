package dev.seqlog.core.routers;

import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.core.internal.format.ForwardBody;
import dev.seqlog.core.internal.format.ForwardTrailer;
import dev.seqlog.core.internal.topic.RecordViewImpl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The copies one read of the source yields (SEMANTICS §12.2, §12.4), built outside every lock from the records
 * the read copied: it skips those the filter or the hop limit rules out and, under exactly-once, those whose copy
 * is already live in the destination, and lays out the rest as the destination's FORWARD frame body: data, meta
 * (with the reserved key under exactly-once), node and tag per the preserve options, and the hop count plus one.
 *
 * <p>Confined to the forwarder's run.
 */
final class CopyBatch implements RecordSink {
    /** A router with {@code allow_cycle} does not forward a record that has made this many hops. */
    static final int HOP_LIMIT = 8;

    private final RouterDef def;
    private final Set<Long> present;
    private final ForwardBody body;
    private long found;

    /**
     * @param def the router's definition as of the read
     * @param present source seqs whose exactly-once copy is known to be live in the destination (entries used are
     *        removed)
     * @param bytes the size of the records read, to size the body
     */
    CopyBatch(RouterDef def, Set<Long> present, int bytes) {
        this.def = def;
        this.present = present;
        this.body = new ForwardBody(bytes + (bytes >> 3));
    }

    @Override
    public void accept(RecordView v) {
        ByteBuffer b = v.buffer();
        if (def.filter() != null && !def.filter().matches(v.tagLength() == 0 ? null : tag(b, v))) {
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
        ByteBuffer meta = v.metaLength() < 0 ? null : b;
        int metaOff = v.metaOffset();
        int metaLen = v.metaLength();
        if (def.guarantee() == RouterGuarantee.EXACTLY_ONCE) {
            byte[] own = null;
            if (meta != null) {
                own = new byte[metaLen];
                b.get(metaOff, own);
            }
            byte[] stamped = ExactlyOnceKey.stamp(own,
                    ExactlyOnceKey.member(def.name(), def.source(), def.sourceId(), v.seq()));
            meta = ByteBuffer.wrap(stamped);
            metaOff = 0;
            metaLen = stamped.length;
        }
        int nodeLen = def.preserveNode() ? v.nodeLength() : 0;
        int tagLen = def.preserveTag() ? v.tagLength() : 0;
        body.add(h + 1, b, v.nodeOffset(), nodeLen, v.tagOffset(), tagLen, v.dataOffset(), v.dataLength(), meta,
                metaOff, metaLen);
    }

    private static String tag(ByteBuffer b, RecordView v) {
        byte[] t = new byte[v.tagLength()];
        b.get(v.tagOffset(), t);
        return new String(t, StandardCharsets.UTF_8);
    }

    /** @return copies to append */
    int size() {
        return body.count();
    }

    /** @return their accounted size */
    long bytes() {
        return body.accounted();
    }

    /** @return source records skipped because their copy was found live in the destination */
    long found() {
        return found;
    }

    /**
     * @param destId the destination's id
     * @param progress the router's progress once the copies are appended
     * @return the FORWARD body, to be stamped under the destination's lock
     */
    ByteBuffer finish(long destId, ForwardTrailer.Progress progress) {
        return body.finish(destId, progress);
    }
}
