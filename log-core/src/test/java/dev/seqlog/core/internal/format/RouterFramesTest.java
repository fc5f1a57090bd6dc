package dev.seqlog.core.internal.format;

import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.TagMatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The router's frames and section: ROUTER, FORWARD (ForwardBody + ForwardTrailer), TRIM, RouterSection. */
class RouterFramesTest {
    static RouterBody.Definition definition(long id, TagMatch filter, RouterGuarantee g) {
        return new RouterBody.Definition(id, 1_700_000_000_000L, 3, 9, true, false, true, g, filter, 480_231, 480_100,
                "orders->audit", "orders", "audit");
    }

    @Test
    void aDefinitionHasItsDrawnLayoutAndComesBackWhole() throws Exception {
        RouterBody.Definition d = definition(7, TagMatch.glob("é-*"), RouterGuarantee.EXACTLY_ONCE);
        ByteBuffer b = RouterBody.define(12, d);
        assertEquals(WalBodies.ROUTER, WalBodies.type(b));
        assertEquals(RouterBody.CATALOG_ID, WalBodies.topicId(b));
        assertEquals(12, WalBodies.lsn(b));
        assertEquals(RouterBody.DEFINE, RouterBody.kind(b));
        int at = RouterBody.ROUTER_ID;
        assertEquals(7, b.getLong(at));
        assertEquals(3, b.getLong(at + 16));
        assertEquals(9, b.getLong(at + 24));
        assertEquals(1 | 4 | 8, b.get(at + 32));
        assertEquals(PersistedCodes.MATCH_PREFIX, b.get(at + 33));
        assertEquals(480_231, b.getLong(at + 34));
        assertEquals(480_100, b.getLong(at + 42));
        assertEquals("é-".getBytes(StandardCharsets.UTF_8).length, b.getShort(at + 50));
        assertEquals(b.capacity(), RouterBody.end(b, at));
        assertEquals(d, RouterBody.definition(b));
        RouterBody.Definition plain = definition(8, null, RouterGuarantee.AT_LEAST_ONCE);
        assertEquals(plain, RouterBody.definition(RouterBody.define(13, plain)));
    }

    @Test
    void removeAndCursorCarryTheirFields() throws Exception {
        ByteBuffer r = RouterBody.remove(4, 77);
        assertEquals(RouterBody.REMOVE, RouterBody.kind(r));
        assertEquals(77, RouterBody.routerId(r));
        ByteBuffer c = RouterBody.cursor(5, 77, 1234, 99);
        assertEquals(RouterBody.CURSOR, RouterBody.kind(c));
        assertEquals(77, RouterBody.routerId(c));
        assertEquals(1234, RouterBody.cursor(c));
        assertEquals(99, RouterBody.total(c));
    }

    @Test
    void unknownKindsAndTruncatedDefinitionsAreCorruption() {
        ByteBuffer b = RouterBody.remove(4, 77);
        b.put(RouterBody.KIND, (byte) 9);
        assertThrows(CorruptionException.class, () -> RouterBody.kind(b));
        ByteBuffer d = RouterBody.define(1, definition(1, null, RouterGuarantee.AT_LEAST_ONCE));
        assertThrows(CorruptionException.class, () -> RouterBody.definition(d.slice(0, d.limit() - 3)));
    }

    @Test
    void theSectionHoldsTheCatalog() throws Exception {
        RouterSection.Content c = new RouterSection.Content(41, 10, List.of(
                definition(3, TagMatch.eq("x"), RouterGuarantee.AT_LEAST_ONCE),
                definition(9, null, RouterGuarantee.EXACTLY_ONCE)));
        ByteBuffer b = RouterSection.encode(c);
        assertEquals(41, b.getLong(RouterSection.LSN));
        assertEquals(10, b.getLong(RouterSection.NEXT_ID));
        assertEquals(2, RouterSection.count(b));
        assertEquals(c, RouterSection.decode(b));
        assertEquals(new RouterSection.Content(0, 1, List.of()),
                RouterSection.decode(RouterSection.encode(new RouterSection.Content(0, 1, List.of()))));
        assertThrows(CorruptionException.class, () -> RouterSection.decode(b.slice(0, b.limit() - 1)));
        ByteBuffer longer = ByteBuffer.allocate(b.limit() + 1).put(b.duplicate()).put((byte) 0).flip();
        assertThrows(CorruptionException.class, () -> RouterSection.decode(longer));
    }

    @Test
    void aForwardBodyIsAnAppendBodyWithTheRoutersProgressAfterItsRecords() throws Exception {
        ByteBuffer src = ByteBuffer.wrap("n1tag{\"a\":1}{\"m\":2}".getBytes(StandardCharsets.US_ASCII));
        ForwardBody fb = new ForwardBody(0); // grows as records are added
        for (int i = 0; i < 40; i++) {
            fb.add(i, src, 0, 2, 2, 3, 5, 7, src, 12, 7);
        }
        fb.add(255, src, 0, 0, 0, 0, 5, 7, null, 0, 0);
        ByteBuffer b = fb.finish(6, new ForwardTrailer.Progress(11, 500, 41));
        ForwardBody.stamp(b, 8, 100, 1_700_000_000_000L);
        assertEquals(WalBodies.FORWARD, WalBodies.type(b));
        assertEquals(6, WalBodies.topicId(b));
        assertEquals(8, WalBodies.lsn(b));
        assertEquals(100, AppendBody.firstSeq(b));
        assertEquals(41, AppendBody.count(b));
        AppendBody.check(b);
        assertEquals(41 * 7 + 40 * 7, fb.accounted());
        AppendBody.Reader r = new AppendBody.Reader().wrap(b);
        for (int i = 0; i < 41; i++) {
            r.next();
            assertEquals(i < 40 ? i : 255, b.get(r.fieldsOffset() + RecordFields.HOPS) & 0xFF);
            assertEquals(i < 40 ? 3 : 0, r.tagLength());
            assertEquals(i < 40 ? 7 : RecordFields.NO_META, r.metaLength());
        }
        int at = AppendBody.recordsEnd(b);
        assertEquals(b.limit() - ForwardTrailer.SIZE, at);
        assertEquals(11, ForwardTrailer.routerId(b, at));
        assertEquals(500, ForwardTrailer.cursor(b, at));
        assertEquals(41, ForwardTrailer.total(b, at));
        ByteBuffer cut = b.slice(0, b.limit() - 1);
        assertThrows(CorruptionException.class, () -> AppendBody.check(cut));
    }

    @Test
    void aTrimBodyCarriesItsSeqMissedCountAndProgress() throws Exception {
        ByteBuffer b = WalBodies.trim(6, 9, 1234, 77, 11, 900, 40);
        assertEquals(WalBodies.TRIM, WalBodies.type(b));
        assertEquals(1234, WalBodies.trimSeq(b));
        assertEquals(77, WalBodies.trimMissed(b));
        int at = WalBodies.trimTrailer(b);
        assertEquals(900, ForwardTrailer.cursor(b, at));
        assertThrows(CorruptionException.class, () -> WalBodies.trimSeq(b.slice(0, b.limit() - 8)));
    }
}
