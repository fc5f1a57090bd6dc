package dev.seqlog.core.internal.format;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section framing of a snapshot body: layout, end marker, the unknown-section rule, damage. */
class SnapshotSectionsTest {
    /** A body of the given sections, each with {@code length} content bytes of value {@code id}. */
    static ByteBuffer body(int[][] sections) {
        SnapshotSections.Writer w = new SnapshotSections.Writer(8);
        for (int[] s : sections) {
            w.beginSection(s[0], s[1], s[2]);
            int at = w.claim(s[3]);
            for (int i = 0; i < s[3]; i++) {
                w.buffer().put(at + i, (byte) s[0]);
            }
            w.endSection();
        }
        return w.finish();
    }

    @Test
    void sectionsHaveTheDrawnLayoutAndEndWithTheMarker() throws Exception {
        assertEquals(10, SnapshotSections.HEADER);
        ByteBuffer b = body(new int[][] {{1, 1, SnapshotSections.REQUIRED, 3}, {300, 7, 0, 0}});
        assertEquals(0, b.position());
        assertEquals(3 * SnapshotSections.HEADER + 3, b.limit());
        assertEquals(1, b.getShort(SnapshotSections.ID));
        assertEquals(1, b.getShort(SnapshotSections.VERSION));
        assertEquals(SnapshotSections.REQUIRED, b.getShort(SnapshotSections.FLAGS));
        assertEquals(3, b.getInt(SnapshotSections.LENGTH));
        int end = b.limit() - SnapshotSections.HEADER;
        assertEquals(SnapshotSections.END, b.getShort(end + SnapshotSections.ID));
        assertEquals(0, b.getInt(end + SnapshotSections.LENGTH));

        SnapshotSections.Reader r = new SnapshotSections.Reader(b);
        assertTrue(r.next());
        assertTrue(r.is(1, 1));
        assertTrue(r.required());
        assertEquals(SnapshotSections.HEADER, r.content());
        assertEquals(SnapshotSections.HEADER + 3, r.contentEnd());
        r.consumed(r.contentEnd());
        assertTrue(r.next());
        assertEquals(300, r.id());
        assertEquals(7, r.version());
        assertFalse(r.required());
        assertEquals(r.content(), r.contentEnd());
        assertFalse(r.next());
        assertFalse(r.next(), "stays at the end");
    }

    @Test
    void anEmptyBodyIsJustTheMarker() throws Exception {
        ByteBuffer b = new SnapshotSections.Writer(0).finish();
        assertEquals(SnapshotSections.HEADER, b.limit());
        assertFalse(new SnapshotSections.Reader(b).next());
    }

    @Test
    void aSegmentListWhoseCountClaimGrowsTheBufferWritesIntoTheNewOne() {
        SnapshotSections.Writer w = new SnapshotSections.Writer(64);
        w.claim(62); // two bytes left: the list's count claim must grow the buffer
        new SegmentList.Writer(w, 7);
        assertEquals(7, w.buffer().getInt(62 + SegmentList.COUNT));
    }

    @Test
    void theBufferGrowsAcrossClaims() throws Exception {
        ByteBuffer b = body(new int[][] {{5, 1, 0, 10_000}, {6, 1, 0, 70_000}});
        SnapshotSections.Reader r = new SnapshotSections.Reader(b);
        assertTrue(r.next());
        assertEquals(5, b.get(r.contentEnd() - 1));
        assertTrue(r.next());
        assertEquals(70_000, r.contentEnd() - r.content());
        assertEquals(6, b.get(r.contentEnd() - 1));
        assertFalse(r.next());
    }

    @Test
    void anUnknownOptionalSectionIsSkippedAndAnUnknownRequiredOneRefused() throws Exception {
        ByteBuffer b = body(new int[][] {{40, 2, 0, 5}, {41, 1, SnapshotSections.REQUIRED | 0x8000, 4}});
        SnapshotSections.Reader r = new SnapshotSections.Reader(b);
        assertTrue(r.next());
        r.skipUnknown();
        assertTrue(r.next());
        assertTrue(r.required(), "reserved flag bits do not hide REQUIRED");
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, r::skipUnknown);
        assertEquals("snapshot has a required section this build does not know: id=41 version=1 offset=15 length=4",
                e.getMessage());
    }

    @Test
    void aContentDecoderMustConsumeExactlyItsSection() throws Exception {
        SnapshotSections.Reader r = new SnapshotSections.Reader(body(new int[][] {{1, 1, 0, 8}}));
        assertTrue(r.next());
        CorruptionException e = assertThrows(CorruptionException.class, () -> r.consumed(r.content() + 7));
        assertTrue(e.getMessage().contains("decodedEnd=17 sectionEnd=18"), e.getMessage());
    }

    @Test
    void damagedFramingIsCorruption() {
        ByteBuffer good = body(new int[][] {{1, 1, 0, 8}, {2, 1, 0, 4}});
        ByteBuffer overrun = copy(good).putInt(SnapshotSections.LENGTH, 1000);
        ByteBuffer negative = copy(good).putInt(SnapshotSections.LENGTH, -1);
        ByteBuffer noMarker = copy(good).limit(good.limit() - SnapshotSections.HEADER);
        ByteBuffer torn = copy(good).limit(good.limit() - 3);
        ByteBuffer markerWithContent = ByteBuffer.allocate(good.limit() + 2).put(good.duplicate());
        markerWithContent.putInt(good.limit() - SnapshotSections.HEADER + SnapshotSections.LENGTH, 2).clear();
        ByteBuffer trailing = ByteBuffer.allocate(good.limit() + 1).put(good.duplicate()).clear();
        for (ByteBuffer b : new ByteBuffer[] {overrun, negative, noMarker, torn, markerWithContent, trailing}) {
            assertThrows(CorruptionException.class, () -> {
                SnapshotSections.Reader r = new SnapshotSections.Reader(b);
                while (r.next()) {
                    r.skipUnknown();
                }
            });
        }
    }

    @Test
    void theWriterRefusesMisuse() {
        SnapshotSections.Writer w = new SnapshotSections.Writer(16);
        assertThrows(IllegalStateException.class, () -> w.beginSection(SnapshotSections.END, 0, 0));
        w.beginSection(3, 1, 0);
        assertThrows(IllegalStateException.class, () -> w.beginSection(4, 1, 0));
        assertThrows(IllegalStateException.class, w::finish);
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.limit());
        c.put(b.duplicate());
        return c.flip();
    }
}
