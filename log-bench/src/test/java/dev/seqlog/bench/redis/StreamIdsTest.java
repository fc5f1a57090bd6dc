package dev.seqlog.bench.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packing of Redis stream ids. Single-threaded. */
class StreamIdsTest {

    @Test
    void packedIdsSortLikeStreamIds() {
        assertTrue(StreamIds.pack(1_700_000_000_000L, 5) < StreamIds.pack(1_700_000_000_000L, 6));
        assertTrue(StreamIds.pack(1_700_000_000_000L, 4_000_000) < StreamIds.pack(1_700_000_000_001L, 0));
    }

    @Test
    void parsesAndFormatsTheWireForm() {
        long id = StreamIds.parse("1733526669837-42".getBytes(StandardCharsets.US_ASCII));
        assertEquals(StreamIds.pack(1_733_526_669_837L, 42), id);
        assertEquals("1733526669837-42", StreamIds.format(id));
    }

    @Test
    void refusesIdsThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> StreamIds.pack(1, 1L << 22));
        assertThrows(IllegalArgumentException.class, () -> StreamIds.pack(1L << 41, 0));
        assertThrows(IllegalArgumentException.class, () -> StreamIds.parse("12345"));
    }
}
