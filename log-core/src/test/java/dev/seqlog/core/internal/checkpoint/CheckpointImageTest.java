package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.internal.segment.SegmentMeta;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.internal.format.IdempotencySection;
import dev.seqlog.core.internal.format.QueueSection;
import dev.seqlog.core.internal.format.SnapshotBody;
import dev.seqlog.core.internal.format.SnapshotSections;
import dev.seqlog.core.internal.format.UnsupportedFormatException;
import dev.seqlog.core.internal.format.WalCut;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot body as the engine encodes and decodes it: every field of every image survives the current
 * format, a body written by the version-1 writer decodes to the same image, and the section rules hold on a
 * real body.
 */
class CheckpointImageTest {
    /** Images covering every field, every enum constant stored, both tiers, flags, no and many losses. */
    static CheckpointImage image() {
        List<TopicImage> topics = new ArrayList<>();
        List<TopicImage.Loss> losses = new ArrayList<>();
        long from = 10;
        for (TombstoneReason r : TombstoneReason.values()) {
            losses.add(new TopicImage.Loss(from, from + 4, r, 5));
            from += 10;
        }
        List<SegmentImage> segments = List.of(
                new SegmentImage(1, new SegmentMeta(10, 1000, true, 8, 800, 3, 100, 200, true), 1000, null,
                        new int[0], new int[] {0, 9}),
                new SegmentImage(11, new SegmentMeta(5, 700, false, 5, 600, 0, 300, 300, false), 700, null,
                        new int[0], new int[0]));
        TopicConfig queue = TopicConfig.builder().type(TopicType.QUEUE).durability(Durability.FSYNC).ttlMs(5)
                .capRecords(6).capBytes(7).discard(Discard.REJECT).priority(3).autoPriority(false).autoCreate(false)
                .idempotencyWindowMs(8).dedupeNode(false).leaseMs(9_000).claimJitterMs(10).maxDeliveries(11)
                .leasesDurable(true).deadLetter("dead").build();
        topics.add(new TopicImage(1, 77, "q", queue, 15, 3, 2, 1, 0, 1 << 18, 1_700_000_000_000L, 1_700_000_000_005L,
                13, 1400, losses, segments, new QueueSection.Writer(1, 4, 2)
                .entry(3, 2, QueueSection.LEASED, 0x1234L, 1_700_000_009_000L, "worker-1")
                .entry(5, 1, QueueSection.RELEASED, 0, 1_700_000_001_000L, null).finish(), null));
        for (Durability d : Durability.values()) {
            topics.add(new TopicImage(2 + d.ordinal(), 1, "t-" + d.wireName(),
                    TopicConfig.builder().durability(d).build(), 0, 1, 0, 0, 0, -1, 0, Long.MIN_VALUE, 0, 0,
                    List.of(), List.of(), null, null));
        }
        return new CheckpointImage(9, new WalCut(3, new long[] {4, 5, 6}, new long[] {64, 128, 4096}), topics, null);
    }

    /** Every field of an image, as text. */
    static String describe(CheckpointImage image) {
        StringBuilder s = new StringBuilder("max=" + image.maxTopicId() + " " + image.cut() + "\n");
        for (TopicImage t : image.topics()) {
            s.append(t.id()).append(' ').append(t.lsn()).append(' ').append(t.name()).append(' ').append(t.config())
                    .append(' ').append(t.head()).append(' ').append(t.earliest()).append(' ').append(t.capFloor())
                    .append(' ').append(t.ttlFloor()).append(' ').append(t.restartFloor()).append(' ')
                    .append(t.reservation()).append(' ').append(t.lastTs()).append(' ').append(t.lastWriteTs())
                    .append(' ').append(t.count()).append(' ').append(t.bytes()).append('\n');
            for (TopicImage.Loss l : t.losses()) {
                s.append("  loss ").append(l.from()).append(' ').append(l.to()).append(' ').append(l.reason())
                        .append(' ').append(l.missed()).append('\n');
            }
            for (SegmentImage g : t.segments()) {
                SegmentMeta m = g.meta;
                s.append("  seg ").append(g.baseSeq).append(' ').append(m.count()).append(' ').append(m.bytes())
                        .append(' ').append(m.sealed()).append(' ').append(m.undeletedCount()).append(' ')
                        .append(m.undeletedBytes()).append(' ').append(m.taggedCount()).append(' ').append(m.firstTs())
                        .append(' ').append(m.lastTs()).append(' ').append(m.cold()).append(' ')
                        .append(Arrays.toString(g.flagNumbers)).append('\n');
            }
        }
        return s.toString();
    }

    @Test
    void everyFieldSurvivesTheCurrentFormat() throws Exception {
        CheckpointImage image = image();
        CheckpointImage back = CheckpointImage.decode(SnapshotBody.SECTIONED, image.encode());
        assertEquals(describe(image), describe(back));
        assertTrue(describe(image).contains("FROM_SEQ_TOO_OLD"));
    }

    @Test
    void anExternalLogsPositionAndIdempotencyMapsComeBack() throws Exception {
        CheckpointImage plain = image();
        List<TopicImage> topics = new ArrayList<>(plain.topics());
        ByteBuffer map = new IdempotencySection.Builder(topics.get(0).id(), 1).add("k-1", 3, 5, 1_700_000_000_001L)
                .add("ключ-2", 6, 6, 1_700_000_000_002L).build();
        topics.set(0, topics.get(0).withIdempotency(map));
        CheckpointImage image = new CheckpointImage(plain.maxTopicId(), plain.cut(), topics, null,
                new dev.seqlog.core.LogPosition(7, 123_456, 1_700_000_000_000L));
        CheckpointImage back = CheckpointImage.decode(SnapshotBody.SECTIONED, image.encode());
        assertEquals(describe(image), describe(back));
        assertEquals(new dev.seqlog.core.LogPosition(7, 123_456, 1_700_000_000_000L), back.position());
        assertNull(CheckpointImage.decode(SnapshotBody.SECTIONED, plain.encode()).position());
        List<String> entries = new ArrayList<>();
        IdempotencySection.read(back.topics().get(0).idempotency(),
                (k, first, last, ms) -> entries.add(k + " " + first + " " + last + " " + ms));
        assertEquals(List.of("k-1 3 5 1700000000001", "ключ-2 6 6 1700000000002"), entries);
        assertNotNull(back.topics().get(0).queue(), "the queue section before it still belongs to the topic");
        for (int i = 1; i < back.topics().size(); i++) {
            assertNull(back.topics().get(i).idempotency());
        }
    }

    @Test
    void aBodyOfTheVersion1WriterDecodesToTheSameImage() throws Exception {
        CheckpointImage image = image();
        CheckpointImage back = CheckpointImage.decode(SnapshotBody.FLAT, SnapshotV1Writer.encode(image));
        assertEquals(describe(image), describe(back));
    }

    @Test
    void aQueueSectionFollowsItsTopicAndComesBackByteForByte() throws Exception {
        CheckpointImage image = image();
        CheckpointImage back = CheckpointImage.decode(SnapshotBody.SECTIONED, image.encode());
        assertEquals(image.topics().get(0).queue(), back.topics().get(0).queue());
        QueueSection.Reader q = new QueueSection.Reader(back.topics().get(0).queue());
        assertEquals(1, q.topicId());
        assertEquals(4, q.deadLettered());
        assertTrue(q.next());
        assertEquals("worker-1", q.holder());
        assertEquals(0x1234L, q.leaseId());
        assertTrue(q.next());
        assertEquals(QueueSection.RELEASED, q.state());
        assertEquals(1_700_000_001_000L, q.time());
        assertFalse(q.next());
        for (int i = 1; i < back.topics().size(); i++) {
            assertNull(back.topics().get(i).queue());
        }
    }

    @Test
    void version2SectionContentsAreTheVersion1BytesWithFraming() throws Exception {
        CheckpointImage image = image();
        ByteBuffer v2 = image.encode();
        ByteBuffer v1 = SnapshotV1Writer.encode(image);
        ByteBuffer stripped = ByteBuffer.allocate(v1.limit());
        SnapshotSections.Reader r = new SnapshotSections.Reader(v2);
        r.next();
        stripped.put(v2.duplicate().limit(r.contentEnd()).position(r.content())).putInt(image.topics().size());
        while (r.next()) {
            assertTrue(r.required());
            if (r.id() == SnapshotBody.QUEUE) {
                continue; // a version-1 body has no queue sections
            }
            stripped.put(v2.duplicate().limit(r.contentEnd()).position(r.content()));
        }
        assertEquals(v1, stripped.flip(), "no field changed its bytes; only the framing is new");
    }

    @Test
    void aRealBodyWithAnUnknownSectionBeforeItsEnd() throws Exception {
        ByteBuffer optional = withExtraSection(image().encode(), 0);
        assertEquals(describe(image()), describe(CheckpointImage.decode(SnapshotBody.SECTIONED, optional)));
        ByteBuffer required = withExtraSection(image().encode(), SnapshotSections.REQUIRED);
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> CheckpointImage.decode(SnapshotBody.SECTIONED, required));
        assertTrue(e.getMessage().contains("id=4000 version=3"), e.getMessage());
    }

    @Test
    void theVersion1FixtureHoldsEveryKindOfContent() throws Exception {
        java.nio.file.Path snap = java.nio.file.Path.of(getClass().getResource(
                "/fixtures/snapshot-v1/data/snapshots/0000000000000004.snap").toURI());
        byte[] file = java.nio.file.Files.readAllBytes(snap);
        int header = dev.seqlog.core.internal.storage.StorageLayouts.SNAPSHOT_HEADER;
        CheckpointImage image = CheckpointImage.decode(SnapshotBody.FLAT,
                ByteBuffer.wrap(file, header, file.length - header).slice());
        String d = describe(image);
        assertTrue(d.contains("loss "), "loss ranges");
        assertTrue(d.contains("RESTART"), d);
        assertTrue(image.topics().stream().anyMatch(t -> t.segments().stream().anyMatch(g -> g.meta.cold())), "cold tier");
        assertTrue(image.topics().stream().anyMatch(t -> t.segments().stream().anyMatch(g -> g.flagNumbers.length > 0)),
                "deletes not yet flagged");
        assertTrue(image.topics().stream().anyMatch(t -> t.config().type() == TopicType.QUEUE
                && t.config().deadLetter() != null && t.config().priority() != null), "a queue with every field");
        assertTrue(image.cut().generations().length == 2, "two shards");
    }

    /** Inserts a section (id 4000, version 3) with the given flags just before the end marker. */
    static ByteBuffer withExtraSection(ByteBuffer body, int flags) {
        int end = body.limit() - SnapshotSections.HEADER;
        ByteBuffer out = ByteBuffer.allocate(body.limit() + SnapshotSections.HEADER + 6);
        out.put(body.duplicate().limit(end));
        out.putShort((short) 4000).putShort((short) 3).putShort((short) flags).putInt(6)
                .put(new byte[] {1, 2, 3, 4, 5, 6});
        out.put(body.duplicate().position(end));
        return out.flip();
    }
}
