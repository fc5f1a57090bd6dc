package dev.seqlog.core.internal.format;

import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot body: the engine and topic sections' layouts and round trips, unknown sections among them, the
 * flat version-1 body, and what refuses a body.
 */
class SnapshotBodyTest {
    private static final WalCut CUT = new WalCut(4, new long[] {11, 12}, new long[] {640, 64});
    private static final TopicConfig CONFIG = ConfigCodecTest.everyField();

    /** What a visitor saw, as text. */
    private static final class Seen implements SnapshotBody.Visitor {
        final List<String> lines = new ArrayList<>();

        @Override
        public void engine(long maxTopicId, WalCut cut) {
            lines.add("engine " + maxTopicId + " " + cut);
        }

        @Override
        public void topic(TopicSection.Reader t) throws CorruptionException {
            StringBuilder s = new StringBuilder("topic " + t.id() + " " + t.lsn() + " " + t.name() + " " + t.config()
                    + " " + t.head() + " " + t.earliest() + " " + t.capFloor() + " " + t.ttlFloor() + " "
                    + t.restartFloor() + " " + t.reservation() + " " + t.lastTs() + " " + t.lastWriteTs() + " "
                    + t.count() + " " + t.bytes());
            LossList.Reader l = t.losses();
            for (int i = 0; i < l.count(); i++) {
                s.append(" loss[").append(l.from(i)).append(',').append(l.to(i)).append(',')
                        .append(l.reason(i)).append(',').append(l.missed(i)).append(']');
            }
            SegmentList.Reader g = t.segments();
            while (g.next()) {
                s.append(" seg[").append(g.baseSeq()).append(',').append(g.entries()).append(',').append(g.bytes())
                        .append(',').append(g.sealed()).append(',').append(g.undeletedCount()).append(',')
                        .append(g.undeletedBytes()).append(',').append(g.taggedCount()).append(',')
                        .append(g.firstTs()).append(',').append(g.lastTs()).append(',').append(g.cold());
                for (int k = 0; k < g.flagCount(); k++) {
                    s.append(",f").append(g.flag(k));
                }
                s.append(']');
            }
            lines.add(s.toString());
        }
    }

    /** Writes topic {@code id}: two losses and two segments, the second with flags, when {@code full}. */
    static void topic(SnapshotSections.Writer w, long id, boolean full) {
        TopicConfig config = full ? CONFIG : TopicConfig.defaults();
        TopicSection.Writer t = TopicSection.begin(w, id, 40 + id, "topic-" + id, config)
                .head(100).earliest(5).capFloor(3).ttlFloor(4).restartFloor(2).reservation(full ? 1 << 18 : -1)
                .lastTs(1_700_000_000_000L).lastWriteTs(full ? 1_700_000_000_001L : Long.MIN_VALUE).count(90)
                .bytes(9000);
        LossList.Writer l = t.losses(full ? 2 : 0);
        if (full) {
            l.loss(0, 10, 20, TombstoneReason.RESTART, 11).loss(1, 30, 30, TombstoneReason.FROM_SEQ_TOO_OLD, 1);
        }
        SegmentList.Writer s = t.segments(full ? 2 : 0);
        if (full) {
            s.next(0).baseSeq(1).entries(50).bytes(5000).sealed(true).undeletedCount(49).undeletedBytes(4900)
                    .taggedCount(7).firstTs(1).lastTs(2).cold(true);
            s.next(3).baseSeq(51).entries(50).bytes(Integer.MAX_VALUE).sealed(false).undeletedCount(0)
                    .undeletedBytes(Long.MAX_VALUE).taggedCount(0).firstTs(3).lastTs(4).cold(false)
                    .flag(0, 0).flag(1, 7).flag(2, 49);
        }
        t.end();
    }

    private static List<String> read(int version, ByteBuffer b) throws Exception {
        Seen seen = new Seen();
        SnapshotBody.read(version, b, seen);
        return seen.lines;
    }

    private static ByteBuffer body(int extraId, int extraFlags) {
        SnapshotSections.Writer w = SnapshotBody.begin(9, CUT, 2);
        topic(w, 1, true);
        if (extraId > 0) {
            w.beginSection(extraId, 1, extraFlags);
            w.buffer().putLong(w.claim(8), 42);
            w.endSection();
        }
        topic(w, 2, false);
        return w.finish();
    }

    @Test
    void everyFieldRoundTripsThroughTheSections() throws Exception {
        List<String> seen = read(SnapshotBody.SECTIONED, body(0, 0));
        assertEquals(3, seen.size());
        assertEquals("engine 9 " + CUT, seen.get(0));
        assertEquals("topic 1 41 topic-1 " + CONFIG + " 100 5 3 4 2 262144 1700000000000 1700000000001 90 9000"
                + " loss[10,20,RESTART,11] loss[30,30,FROM_SEQ_TOO_OLD,1]"
                + " seg[1,50,5000,true,49,4900,7,1,2,true]"
                + " seg[51,50,2147483647,false,0,9223372036854775807,0,3,4,false,f0,f7,f49]", seen.get(1));
        assertEquals("topic 2 42 topic-2 " + TopicConfig.defaults() + " 100 5 3 4 2 -1 1700000000000 "
                + Long.MIN_VALUE + " 90 9000", seen.get(2));
    }

    @Test
    void theEngineSectionComesFirstWithTheDrawnLayout() {
        ByteBuffer b = body(0, 0);
        assertEquals(SnapshotBody.ENGINE, b.getShort(SnapshotSections.ID));
        assertEquals(EngineSection.VERSION, b.getShort(SnapshotSections.VERSION));
        assertEquals(SnapshotSections.REQUIRED, b.getShort(SnapshotSections.FLAGS));
        assertEquals(EngineSection.SHARD_LIST + 2 * EngineSection.SHARD_SIZE, b.getInt(SnapshotSections.LENGTH));
        int c = SnapshotSections.HEADER;
        assertEquals(9, b.getLong(c + EngineSection.MAX_TOPIC_ID));
        assertEquals(4, b.getLong(c + EngineSection.CUT_BOOT));
        assertEquals(2, b.getInt(c + EngineSection.SHARDS));
        int second = c + EngineSection.SHARD_LIST + EngineSection.SHARD_SIZE;
        assertEquals(12, b.getLong(second + EngineSection.SHARD_GENERATION));
        assertEquals(64, b.getLong(second + EngineSection.SHARD_OFFSET));
        int topic = c + b.getInt(SnapshotSections.LENGTH);
        assertEquals(SnapshotBody.TOPIC, b.getShort(topic + SnapshotSections.ID));
        assertEquals(TopicSection.VERSION, b.getShort(topic + SnapshotSections.VERSION));
        assertEquals(SnapshotSections.REQUIRED, b.getShort(topic + SnapshotSections.FLAGS));
        assertEquals(1, b.getLong(topic + SnapshotSections.HEADER + TopicSection.ID));
    }

    @Test
    void theTopicSectionsFieldsSitAtTheDrawnOffsets() {
        assertEquals(80, TopicSection.WATERMARKS_SIZE);
        assertEquals(25, LossList.SIZE);
        assertEquals(54, SegmentList.FLAGS);
        SnapshotSections.Writer w = new SnapshotSections.Writer(64);
        topic(w, 1, true);
        ByteBuffer b = w.finish();
        int t = SnapshotSections.HEADER;
        int wm = t + TopicSection.NAME + 2 + "topic-1".length() + ConfigCodec.size(CONFIG);
        assertEquals(100, b.getLong(wm + TopicSection.HEAD));
        assertEquals(1 << 18, b.getLong(wm + TopicSection.RESERVATION));
        assertEquals(9000, b.getLong(wm + TopicSection.BYTES));
        assertEquals(2, b.getInt(wm + TopicSection.LOSSES + LossList.COUNT));
        int loss = wm + TopicSection.LOSSES + LossList.FIRST + LossList.SIZE;
        assertEquals(30, b.getLong(loss + LossList.FROM));
        assertEquals(PersistedCodes.code(TombstoneReason.FROM_SEQ_TOO_OLD), b.get(loss + LossList.REASON));
        assertEquals(1, b.getLong(loss + LossList.MISSED));
        int list = wm + TopicSection.LOSSES + LossList.FIRST + 2 * LossList.SIZE;
        assertEquals(2, b.getInt(list + SegmentList.COUNT));
        int seg = list + SegmentList.FIRST;
        assertEquals(1, b.getLong(seg + SegmentList.BASE_SEQ));
        assertEquals(PersistedCodes.TIER_COLD, b.get(seg + SegmentList.TIER));
        int second = seg + SegmentList.FLAGS;
        assertEquals(3, b.getInt(second + SegmentList.FLAG_COUNT));
        assertEquals(49, b.getInt(second + SegmentList.FLAGS + 2 * SegmentList.FLAG_SIZE));
        assertEquals(b.limit() - SnapshotSections.HEADER, second + SegmentList.FLAGS + 3 * SegmentList.FLAG_SIZE);
    }

    @Test
    void anUnknownOptionalSectionAmongTheTopicsIsSkipped() throws Exception {
        assertEquals(read(SnapshotBody.SECTIONED, body(0, 0)), read(SnapshotBody.SECTIONED, body(77, 0)));
    }

    @Test
    void anUnknownRequiredSectionRefusesTheSnapshotNamingIt() {
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> read(SnapshotBody.SECTIONED, body(77, SnapshotSections.REQUIRED)));
        assertTrue(e.getMessage().contains("id=77 version=1"), e.getMessage());
    }

    @Test
    void aKnownSectionOfAnUnknownVersionFollowsTheSameRule() throws Exception {
        SnapshotSections.Writer w = SnapshotBody.begin(9, CUT, 1);
        w.beginSection(SnapshotBody.TOPIC, TopicSection.VERSION + 1, 0);
        w.claim(3);
        w.endSection();
        assertEquals(List.of("engine 9 " + CUT), read(SnapshotBody.SECTIONED, w.finish()));
        SnapshotSections.Writer required = SnapshotBody.begin(9, CUT, 1);
        required.beginSection(SnapshotBody.TOPIC, TopicSection.VERSION + 1, SnapshotSections.REQUIRED);
        required.endSection();
        assertThrows(UnsupportedFormatException.class, () -> read(SnapshotBody.SECTIONED, required.finish()));
    }

    @Test
    void theEngineSectionIsRequiredOnce() {
        SnapshotSections.Writer none = new SnapshotSections.Writer(64);
        topic(none, 1, false);
        CorruptionException missing = assertThrows(CorruptionException.class,
                () -> read(SnapshotBody.SECTIONED, none.finish()));
        assertTrue(missing.getMessage().contains("no engine section"), missing.getMessage());
        SnapshotSections.Writer twice = SnapshotBody.begin(1, CUT, 0);
        EngineSection.write(twice, 1, CUT);
        assertThrows(CorruptionException.class, () -> read(SnapshotBody.SECTIONED, twice.finish()));
    }

    @Test
    void aSectionLongerOrShorterThanItsContentIsCorruption() {
        ByteBuffer b = body(0, 0);
        int topic = SnapshotSections.HEADER + b.getInt(SnapshotSections.LENGTH);
        int len = b.getInt(topic + SnapshotSections.LENGTH);
        ByteBuffer longer = ByteBuffer.allocate(b.limit() + 1);
        longer.put(b.duplicate().limit(topic + SnapshotSections.HEADER + len)).put((byte) 0)
                .put(b.duplicate().position(topic + SnapshotSections.HEADER + len));
        longer.putInt(topic + SnapshotSections.LENGTH, len + 1).flip();
        assertThrows(CorruptionException.class, () -> read(SnapshotBody.SECTIONED, longer));
    }

    @Test
    void garbageIsCorruptionNeverAnUncheckedException() {
        byte[] g = new byte[300];
        Arrays.fill(g, (byte) 0x7F);
        assertThrows(CorruptionException.class, () -> read(SnapshotBody.SECTIONED, ByteBuffer.wrap(g)));
        assertThrows(CorruptionException.class, () -> read(SnapshotBody.FLAT, ByteBuffer.wrap(g)));
        ByteBuffer b = body(0, 0);
        int topic = SnapshotSections.HEADER + b.getInt(SnapshotSections.LENGTH);
        int config = topic + SnapshotSections.HEADER + TopicSection.NAME + 2 + "topic-1".length();
        b.put(config + ConfigCodec.DURABILITY, (byte) 9);
        CorruptionException e = assertThrows(CorruptionException.class, () -> read(SnapshotBody.SECTIONED, b));
        assertTrue(e.getMessage().contains("kind=durability code=9"), e.getMessage());
    }

    @Test
    void aFlatVersion1BodyIsTheSameContentWithoutFraming() throws Exception {
        ByteBuffer sectioned = body(0, 0);
        // strip the framing: engine content, topic count, topic contents
        ByteBuffer flat = ByteBuffer.allocate(sectioned.limit());
        SnapshotSections.Reader r = new SnapshotSections.Reader(sectioned);
        r.next();
        flat.put(sectioned.duplicate().limit(r.contentEnd()).position(r.content())).putInt(2);
        while (r.next()) {
            flat.put(sectioned.duplicate().limit(r.contentEnd()).position(r.content()));
        }
        flat.flip();
        assertEquals(read(SnapshotBody.SECTIONED, sectioned), read(SnapshotBody.FLAT, flat));
        ByteBuffer trailing = ByteBuffer.allocate(flat.limit() + 1).put(flat.duplicate()).clear();
        assertThrows(CorruptionException.class, () -> read(SnapshotBody.FLAT, trailing));
    }

    @Test
    void anUnknownBodyVersionIsUnsupported() {
        assertThrows(UnsupportedFormatException.class, () -> read(3, body(0, 0)));
        assertThrows(UnsupportedFormatException.class, () -> read(0, body(0, 0)));
    }
}
