package dev.seqlog.core.internal.format;

import dev.seqlog.api.RecordInput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The APPEND body codec: round trips through the cursor, edge lengths, and the body check. */
class AppendBodyTest {
    /** A batch of records with explicit nodes and tags (null for none). */
    private static final class TestBatch implements AppendBody.Batch {
        final List<RecordInput> records = new ArrayList<>();
        final List<byte[]> nodes = new ArrayList<>();
        final List<byte[]> tags = new ArrayList<>();

        TestBatch add(RecordInput r, String node, String tag) {
            records.add(r);
            nodes.add(node == null ? null : node.getBytes(StandardCharsets.UTF_8));
            tags.add(tag == null ? null : tag.getBytes(StandardCharsets.UTF_8));
            return this;
        }

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
            return nodes.get(i);
        }

        @Override
        public byte[] tag(int i) {
            return tags.get(i);
        }
    }

    private static byte[] bytes(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        b.get(at, out);
        return out;
    }

    /** Decodes every record with the cursor and compares it with the batch. */
    private static void assertRoundTrip(TestBatch batch) throws CorruptionException {
        ByteBuffer b = AppendBody.encode(12, 34, 1000, 1_700_000_000_000L, batch);
        assertEquals(0, b.position());
        AppendBody.check(b);
        assertEquals(WalBodies.APPEND, WalBodies.type(b));
        assertEquals(12, WalBodies.topicId(b));
        assertEquals(34, WalBodies.lsn(b));
        assertEquals(1000, AppendBody.firstSeq(b));
        assertEquals(1_700_000_000_000L, AppendBody.ts(b));
        assertEquals(batch.size(), AppendBody.count(b));
        AppendBody.Reader r = new AppendBody.Reader().wrap(b);
        int end = AppendBody.RECORDS;
        for (int i = 0; i < batch.size(); i++) {
            assertTrue(r.next(), "record " + i);
            RecordInput in = batch.record(i);
            byte[] node = batch.node(i) == null ? new byte[0] : batch.node(i);
            byte[] tag = batch.tag(i) == null ? new byte[0] : batch.tag(i);
            assertEquals(end, r.fieldsOffset(), "records are back to back");
            assertEquals(0, b.get(r.fieldsOffset() + RecordFields.HOPS));
            assertEquals(node.length, r.nodeLength());
            assertArrayEquals(node, bytes(b, r.fieldsOffset() + RecordFields.SIZE, node.length));
            assertEquals(tag.length, r.tagLength());
            assertArrayEquals(tag, bytes(b, r.tagOffset(), tag.length));
            assertEquals(in.dataLength(), r.dataLength());
            int data = r.tagOffset() + tag.length;
            assertArrayEquals(Arrays.copyOfRange(in.dataArray(), in.dataOffset(), in.dataOffset() + in.dataLength()),
                    bytes(b, data, in.dataLength()));
            if (in.meta() == null) {
                assertEquals(RecordFields.NO_META, r.metaLength());
            } else {
                assertEquals(in.meta().length, r.metaLength());
                assertArrayEquals(in.meta(), bytes(b, data + in.dataLength(), in.meta().length));
            }
            assertEquals(in.accountedSize(), r.accountedSize());
            assertEquals(RecordFields.SIZE + node.length + tag.length + in.dataLength()
                    + (in.meta() == null ? 0 : in.meta().length), r.fieldsLength());
            end += r.fieldsLength();
        }
        assertFalse(r.next());
        assertEquals(b.limit(), end, "the records fill the body");
    }

    @Test
    void theHeaderSitsAtTheDrawnOffsets() {
        assertEquals(17, AppendBody.FIRST_SEQ);
        assertEquals(25, AppendBody.TS);
        assertEquals(33, AppendBody.COUNT);
        assertEquals(37, AppendBody.RECORDS);
        assertEquals(12, RecordFields.SIZE);
    }

    @Test
    void recordsWithAndWithoutNodeTagAndMetaRoundTrip() throws Exception {
        assertRoundTrip(new TestBatch()
                .add(RecordInput.json("{\"a\":1}"), null, null)
                .add(RecordInput.json("{\"b\":2}").withMeta("{\"m\":true}"), "node-1", "tag-1")
                .add(RecordInput.json("[]").withMeta("{}"), null, "t")
                .add(RecordInput.json("\"\""), "n", null)
                .add(RecordInput.json("0"), "é", "ü"));
    }

    @Test
    void anEmptyMetaIsNotAnAbsentOne() throws Exception {
        byte[] empty = {};
        RecordInput withEmpty = RecordInput.json("1").withTrustedMeta(empty, 0);
        assertRoundTrip(new TestBatch().add(withEmpty, null, null).add(RecordInput.json("2"), null, null));
        ByteBuffer b = AppendBody.encode(1, 1, 1, 1, new TestBatch().add(withEmpty, null, null));
        AppendBody.Reader r = new AppendBody.Reader().wrap(b);
        assertTrue(r.next());
        assertEquals(0, r.metaLength());
    }

    @Test
    void recordsTakenFromTheMiddleOfAnArrayKeepTheirBounds() throws Exception {
        byte[] buf = "xx{\"sliced\":1}yy".getBytes(StandardCharsets.UTF_8);
        assertRoundTrip(new TestBatch().add(RecordInput.trusted(buf, 2, buf.length - 4), null, null));
    }

    @Test
    void theLongestNodeAndTagTheLengthFieldsHold() throws Exception {
        String node = "n".repeat(RecordFields.MAX_NODE);
        String tag = "t".repeat(RecordFields.MAX_TAG);
        assertRoundTrip(new TestBatch().add(RecordInput.json("{\"big\":\"" + "d".repeat(70_000) + "\"}"), node, tag));
        assertThrows(IllegalArgumentException.class,
                () -> AppendBody.encode(1, 1, 1, 1, new TestBatch().add(RecordInput.json("1"), node + "n", null)));
        assertThrows(IllegalArgumentException.class,
                () -> AppendBody.encode(1, 1, 1, 1, new TestBatch().add(RecordInput.json("1"), null, tag + "t")));
    }

    @Test
    void anEmptyBatchIsAHeaderOnly() throws Exception {
        ByteBuffer b = AppendBody.encode(1, 1, 1, 1, new TestBatch());
        assertEquals(AppendBody.RECORDS, b.capacity());
        AppendBody.check(b);
        assertFalse(new AppendBody.Reader().wrap(b).next());
    }

    @Test
    void aBodyWhoseRecordsDoNotFillItExactlyIsRefused() {
        TestBatch batch = new TestBatch().add(RecordInput.json("{\"a\":1}"), "n", "t")
                .add(RecordInput.json("2").withMeta("{}"), null, null);
        ByteBuffer good = AppendBody.encode(7, 8, 1, 1, batch);
        ByteBuffer moreRecords = copy(good).putInt(AppendBody.COUNT, 3);
        ByteBuffer fewerRecords = copy(good).putInt(AppendBody.COUNT, 1);
        ByteBuffer negativeCount = copy(good).putInt(AppendBody.COUNT, -1);
        ByteBuffer overrun = copy(good).putInt(AppendBody.RECORDS + RecordFields.DATA_LENGTH, 1 << 20);
        ByteBuffer negativeData = copy(good).putInt(AppendBody.RECORDS + RecordFields.DATA_LENGTH, -5);
        ByteBuffer badMeta = copy(good).putInt(AppendBody.RECORDS + RecordFields.META_LENGTH, -2);
        ByteBuffer cut = copy(good).limit(good.limit() - 1);
        for (ByteBuffer b : List.of(moreRecords, fewerRecords, negativeCount, overrun, negativeData, badMeta, cut)) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> AppendBody.check(b));
            assertTrue(e.getMessage().contains("topicId=7 lsn=8"), e.getMessage());
        }
        assertThrows(CorruptionException.class, () -> AppendBody.check(copy(good).limit(AppendBody.COUNT)));
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.capacity());
        c.put(b.duplicate().clear());
        return c.clear();
    }
}
