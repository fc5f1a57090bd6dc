package dev.seqlog.core.engine;

import dev.seqlog.core.internal.format.ConfigCodec;
import dev.seqlog.core.internal.format.PersistedCodes;
import dev.seqlog.core.internal.format.ShortString;
import dev.seqlog.core.storage.CorruptionException;
import dev.seqlog.core.storage.UnsupportedFormatException;
import dev.seqlog.core.storage.WalCut;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a snapshot file: which WAL files it covers and the image of every topic instance. Integers
 * are big-endian; the configuration uses the WAL's encoding ({@link ConfigCodec}), enums their
 * {@link PersistedCodes}.
 *
 * <pre>
 *  maxTopicId(8)  cutBoot(8)  shards(4)  then per shard: firstUncoveredGeneration(8) replayFromOffset(8)
 *  topics(4), then per topic:
 *    id(8) lsn(8) nameLength(2) name(ASCII) config
 *    head(8) earliest(8) capFloor(8) ttlFloor(8) restartFloor(8) reservation(8, -1 = none)
 *    lastTs(8) lastWriteTs(8, MIN = none) count(8) bytes(8)
 *    losses(4), then per range: from(8) to(8) reason(1, PersistedCodes) missed(8)
 *    segments(4), then per segment, oldest first:
 *      baseSeq(8) count(4) bytes(4) sealed(1) undeletedCount(4) undeletedBytes(8) taggedCount(4)
 *      firstTs(8) lastTs(8) tier(1: 0 data directory, 1 cold directory)
 *      flags(4), then entry numbers(4 each) deleted but not yet flagged in the file
 * </pre>
 *
 * <p>Immutable once built; thread-safe.
 */
public final class CheckpointImage {
    private final long maxTopicId;
    private final WalCut cut;
    private final List<TopicImage> topics;

    /**
     * @param maxTopicId the highest topic id ever used
     * @param cut the WAL files the image covers
     * @param topics the topic images
     */
    public CheckpointImage(long maxTopicId, WalCut cut, List<TopicImage> topics) {
        this.maxTopicId = maxTopicId;
        this.cut = cut;
        this.topics = topics;
    }

    /** @return the highest topic id ever used */
    public long maxTopicId() {
        return maxTopicId;
    }

    /** @return the WAL files covered */
    public WalCut cut() {
        return cut;
    }

    /** @return the topics */
    public List<TopicImage> topics() {
        return topics;
    }

    /** @return the encoded body */
    public ByteBuffer encode() {
        int size = 8 + 8 + 4 + 16 * cut.generations().length + 4;
        for (TopicImage t : topics) {
            size += 8 + 8 + 2 + t.name.length() + ConfigCodec.size(t.config) + 10 * 8 + 4 + t.losses.size() * 25
                    + 4 + t.segments.size() * 54;
            for (SegmentImage s : t.segments) {
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
            byte[] n = t.name.getBytes(StandardCharsets.US_ASCII);
            b.putLong(t.id).putLong(t.lsn).putShort((short) n.length).put(n);
            b.position(ConfigCodec.write(b, b.position(), t.config));
            b.putLong(t.head).putLong(t.earliest).putLong(t.capFloor).putLong(t.ttlFloor).putLong(t.restartFloor)
                    .putLong(t.reservation).putLong(t.lastTs).putLong(t.lastWriteTs).putLong(t.count)
                    .putLong(t.bytes);
            b.putInt(t.losses.size());
            for (TopicImage.Loss l : t.losses) {
                b.putLong(l.from).putLong(l.to).put(PersistedCodes.code(l.reason)).putLong(l.missed);
            }
            b.putInt(t.segments.size());
            for (SegmentImage s : t.segments) {
                Segment.Meta m = s.meta;
                b.putLong(s.baseSeq).putInt(m.count).putInt(m.bytes).put((byte) (m.sealed ? 1 : 0))
                        .putInt(m.undeletedCount).putLong(m.undeletedBytes).putInt(m.taggedCount)
                        .putLong(m.firstTs).putLong(m.lastTs).put(PersistedCodes.tierCode(m.cold));
                b.putInt(s.flagNumbers.length);
                for (int flagged : s.flagNumbers) {
                    b.putInt(flagged);
                }
            }
        }
        return b.flip();
    }

    /**
     * Decodes a body whose snapshot file checksum already matched.
     *
     * @param b the body
     * @return the image
     * @throws UnsupportedFormatException if the content does not parse
     */
    public static CheckpointImage decode(ByteBuffer b) throws UnsupportedFormatException {
        try {
            long maxTopicId = b.getLong();
            long boot = b.getLong();
            long[] gens = new long[b.getInt()];
            long[] offsets = new long[gens.length];
            for (int i = 0; i < gens.length; i++) {
                gens[i] = b.getLong();
                offsets[i] = b.getLong();
            }
            int topicCount = b.getInt();
            List<TopicImage> topics = new ArrayList<>(topicCount);
            for (int i = 0; i < topicCount; i++) {
                topics.add(decodeTopic(b));
            }
            if (b.hasRemaining()) {
                throw new UnsupportedFormatException("snapshot body has " + b.remaining() + " unread bytes");
            }
            return new CheckpointImage(maxTopicId, new WalCut(boot, gens, offsets), topics);
        } catch (RuntimeException | CorruptionException e) {
            throw new UnsupportedFormatException("snapshot body does not parse: " + e);
        }
    }

    private static TopicImage decodeTopic(ByteBuffer b) throws CorruptionException {
        long id = b.getLong();
        long lsn = b.getLong();
        String name = ShortString.read(b, b.position(), StandardCharsets.US_ASCII);
        b.position(b.position() + ShortString.size(b, b.position()));
        var config = ConfigCodec.read(b, b.position());
        b.position(b.position() + ConfigCodec.size(b, b.position()));
        long head = b.getLong();
        long earliest = b.getLong();
        long capFloor = b.getLong();
        long ttlFloor = b.getLong();
        long restartFloor = b.getLong();
        long reservation = b.getLong();
        long lastTs = b.getLong();
        long lastWriteTs = b.getLong();
        long count = b.getLong();
        long bytes = b.getLong();
        int lossCount = b.getInt();
        List<TopicImage.Loss> losses = new ArrayList<>(lossCount);
        for (int i = 0; i < lossCount; i++) {
            losses.add(new TopicImage.Loss(b.getLong(), b.getLong(), PersistedCodes.reason(b.get()), b.getLong()));
        }
        int segCount = b.getInt();
        List<SegmentImage> segments = new ArrayList<>(segCount);
        for (int i = 0; i < segCount; i++) {
            long base = b.getLong();
            Segment.Meta m = new Segment.Meta(b.getInt(), b.getInt(), b.get() != 0, b.getInt(), b.getLong(),
                    b.getInt(), b.getLong(), b.getLong(), PersistedCodes.cold(b.get()));
            int[] flags = new int[b.getInt()];
            for (int k = 0; k < flags.length; k++) {
                flags[k] = b.getInt();
                if (flags[k] < 0 || flags[k] >= m.count) {
                    throw new IllegalArgumentException("flagged entry " + flags[k] + " outside the segment");
                }
            }
            segments.add(new SegmentImage(base, m, m.bytes, null, new int[0], flags));
        }
        return new TopicImage(id, lsn, name, config, head, earliest, capFloor, ttlFloor, restartFloor, reservation,
                lastTs, lastWriteTs, count, bytes, losses, segments);
    }
}
