package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.internal.segment.SegmentMeta;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.core.internal.topic.WalOps;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The writer of snapshot format version 1, kept verbatim from the engine before version 2 (its
 * CheckpointImage.encode and WalOps.putConfig), so tests can produce version-1 bodies from any image and
 * check that the current reader still decodes them. Test code only: it stores the tombstone reason by
 * ordinal, as that version did.
 *
 * <p>Stateless; thread-safe.
 */
final class SnapshotV1Writer {
    private static final int CONFIG_FIXED = 1 + 8 + 8 + 8 + 1 + 1 + 1 + 4 + 1 + 1 + 8 + 1 + 8 + 8 + 8 + 1 + 2;

    private SnapshotV1Writer() {
    }

    static ByteBuffer encode(CheckpointImage image) {
        long maxTopicId = image.maxTopicId();
        var cut = image.cut();
        var topics = image.topics();
        int size = 8 + 8 + 4 + 16 * cut.generations().length + 4;
        for (TopicImage t : topics) {
            size += 8 + 8 + 2 + t.name().length() + configSize(t.config()) + 10 * 8 + 4 + t.losses().size() * 25
                    + 4 + t.segments().size() * 54;
            for (SegmentImage s : t.segments()) {
                size += 4 * s.flagNumbers.length;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(maxTopicId).putLong(cut.boot()).putInt(cut.generations().length);
        long[] gens = cut.generations();
        long[] offsets = cut.offsets();
        for (int i = 0; i < gens.length; i++) {
            b.putLong(gens[i]).putLong(offsets[i]);
        }
        b.putInt(topics.size());
        for (TopicImage t : topics) {
            byte[] n = t.name().getBytes(StandardCharsets.US_ASCII);
            b.putLong(t.id()).putLong(t.lsn()).putShort((short) n.length).put(n);
            putConfig(b, t.config());
            b.putLong(t.head()).putLong(t.earliest()).putLong(t.capFloor()).putLong(t.ttlFloor()).putLong(t.restartFloor())
                    .putLong(t.reservation()).putLong(t.lastTs()).putLong(t.lastWriteTs()).putLong(t.count())
                    .putLong(t.bytes());
            b.putInt(t.losses().size());
            for (TopicImage.Loss l : t.losses()) {
                b.putLong(l.from()).putLong(l.to()).put((byte) l.reason().ordinal()).putLong(l.missed());
            }
            b.putInt(t.segments().size());
            for (SegmentImage s : t.segments()) {
                SegmentMeta m = s.meta;
                b.putLong(s.baseSeq).putInt(m.count()).putInt(m.bytes()).put((byte) (m.sealed() ? 1 : 0))
                        .putInt(m.undeletedCount()).putLong(m.undeletedBytes()).putInt(m.taggedCount())
                        .putLong(m.firstTs()).putLong(m.lastTs()).put((byte) (m.cold() ? 1 : 0));
                b.putInt(s.flagNumbers.length);
                for (int flagged : s.flagNumbers) {
                    b.putInt(flagged);
                }
            }
        }
        return b.flip();
    }

    private static int configSize(TopicConfig c) {
        return CONFIG_FIXED + (c.deadLetter() == null ? 0 : c.deadLetter().length());
    }

    private static byte durabilityCode(Durability d) {
        switch (d) {
            case EPHEMERAL: return 0;
            case MEMORY: return 1;
            case DISK: return 2;
            default: return 3;
        }
    }

    private static void putConfig(ByteBuffer b, TopicConfig c) {
        b.put((byte) (c.type() == TopicType.LOG ? 0 : 1));
        b.putLong(c.ttlMs()).putLong(c.capRecords()).putLong(c.capBytes());
        b.put((byte) (c.discard() == Discard.OLD ? 0 : 1));
        b.put(durabilityCode(c.durability()));
        b.put((byte) (c.priority() == null ? 0 : 1)).putInt(c.priority() == null ? 0 : c.priority());
        b.put((byte) (c.autoPriority() ? 1 : 0)).put((byte) (c.autoCreate() ? 1 : 0));
        b.putLong(c.idempotencyWindowMs());
        b.put((byte) (c.dedupeNode() ? 1 : 0));
        b.putLong(c.leaseMs()).putLong(c.claimJitterMs()).putLong(c.maxDeliveries());
        b.put((byte) (c.leasesDurable() ? 1 : 0));
        if (c.deadLetter() == null) {
            b.putShort((short) -1);
        } else {
            b.putShort((short) c.deadLetter().length()).put(c.deadLetter().getBytes(StandardCharsets.US_ASCII));
        }
    }
}
