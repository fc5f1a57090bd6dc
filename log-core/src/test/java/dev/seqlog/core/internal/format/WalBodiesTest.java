package dev.seqlog.core.internal.format;

import dev.seqlog.api.TopicConfig;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The WAL frame bodies other than APPEND: prefix, payloads at their named offsets, round trips. */
class WalBodiesTest {
    private static void assertPrefix(ByteBuffer b, byte type, long id, long lsn) {
        assertEquals(0, b.position());
        assertEquals(b.capacity(), b.limit());
        assertEquals(type, WalBodies.type(b));
        assertEquals(id, WalBodies.topicId(b));
        assertEquals(lsn, WalBodies.lsn(b));
    }

    @Test
    void thePrefixIsTypeIdAndLsn() {
        assertEquals(0, WalBodies.TYPE);
        assertEquals(1, WalBodies.TOPIC_ID);
        assertEquals(9, WalBodies.LSN);
        assertEquals(17, WalBodies.PAYLOAD);
        ByteBuffer b = WalBodies.drop(Long.MAX_VALUE, 3);
        assertEquals(WalBodies.PAYLOAD, b.capacity());
        assertPrefix(b, WalBodies.DROP, Long.MAX_VALUE, 3);
    }

    @Test
    void createCarriesNameAndConfig() throws Exception {
        TopicConfig c = ConfigCodecTest.everyField();
        ByteBuffer b = WalBodies.create(5, 1, "orders.eu-1", c);
        assertPrefix(b, WalBodies.CREATE, 5, 1);
        assertEquals(WalBodies.PAYLOAD + 2 + "orders.eu-1".length() + ConfigCodec.size(c), b.capacity());
        assertEquals("orders.eu-1", WalBodies.createName(b));
        assertEquals(c, WalBodies.createConfig(b));
    }

    @Test
    void configCarriesTheConfig() throws Exception {
        TopicConfig c = ConfigCodecTest.everyField();
        ByteBuffer b = WalBodies.config(5, 9, c);
        assertPrefix(b, WalBodies.CONFIG, 5, 9);
        assertEquals(WalBodies.PAYLOAD + ConfigCodec.size(c), b.capacity());
        assertEquals(c, WalBodies.config(b));
    }

    @Test
    void deleteCarriesBoundMatchAndValue() throws Exception {
        ByteBuffer none = WalBodies.delete(5, 2, 40, PersistedCodes.MATCH_NONE, null);
        assertPrefix(none, WalBodies.DELETE, 5, 2);
        assertEquals(WalBodies.DELETE_VALUE + 2, none.capacity());
        assertEquals(40, WalBodies.deleteBound(none));
        assertEquals(PersistedCodes.MATCH_NONE, WalBodies.deleteMatch(none));
        assertEquals("", WalBodies.deleteValue(none));

        ByteBuffer prefix = WalBodies.delete(5, 3, Long.MAX_VALUE, PersistedCodes.MATCH_PREFIX, "chat-42:é");
        assertEquals(Long.MAX_VALUE, WalBodies.deleteBound(prefix));
        assertEquals(PersistedCodes.MATCH_PREFIX, WalBodies.deleteMatch(prefix));
        assertEquals("chat-42:é", WalBodies.deleteValue(prefix), "UTF-8");

        prefix.put(WalBodies.DELETE_MATCH, (byte) 7);
        assertThrows(CorruptionException.class, () -> WalBodies.deleteMatch(prefix));
    }

    @Test
    void expireAndReserveCarryOneSeq() {
        ByteBuffer e = WalBodies.expire(5, 4, 99);
        assertPrefix(e, WalBodies.EXPIRE, 5, 4);
        assertEquals(WalBodies.PAYLOAD + 8, e.capacity());
        assertEquals(99, WalBodies.expireUpTo(e));
        ByteBuffer r = WalBodies.reserve(5, 6, 1L << 40);
        assertPrefix(r, WalBodies.RESERVE, 5, 6);
        assertEquals(WalBodies.PAYLOAD + 8, r.capacity());
        assertEquals(1L << 40, WalBodies.reservedThrough(r));
    }

    @Test
    void typeCodesAreDistinctAndStable() {
        byte[] types = {WalBodies.CREATE, WalBodies.CONFIG, WalBodies.DROP, WalBodies.APPEND, WalBodies.DELETE,
                WalBodies.EXPIRE, WalBodies.RESERVE};
        for (int i = 0; i < types.length; i++) {
            assertEquals(i + 1, types[i]);
        }
    }
}
