package dev.seqlog.bench.redis;

import dev.seqlog.bench.Payloads;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** W1's reply check and W3's payload tags on the Redis side, without a server. Single-threaded. */
class RedisChecksTest {

    @Test
    void ascendingDistinctRepliesMatchingXlenPass() {
        List<long[]> ids = List.of(new long[] {1, 4, 6}, new long[] {2, 3, 5});
        RedisProduce.Check c = RedisProduce.check(ids, 6, 6);
        assertTrue(c.ok());
        assertEquals(6, c.distinct());
    }

    @Test
    void aRepeatedIdAcrossConnectionsFails() {
        RedisProduce.Check c = RedisProduce.check(List.of(new long[] {1, 2}, new long[] {2, 3}), 4, 4);
        assertFalse(c.ok());
        assertEquals(3, c.distinct());
    }

    @Test
    void aConnectionsIdsGoingBackwardsFails() {
        RedisProduce.Check c = RedisProduce.check(List.of(new long[] {3, 1}, new long[] {2, 4}), 4, 4);
        assertFalse(c.ok());
        assertEquals(1, c.outOfOrder());
    }

    @Test
    void aStreamLongerOrShorterThanTheRepliesFails() {
        assertFalse(RedisProduce.check(List.of(new long[] {1, 2}), 2, 3).ok());
        assertFalse(RedisProduce.check(List.of(new long[] {1, 2}), 3, 2).ok());
    }

    @Test
    void readsTheTagOfAStoredW1Payload() {
        String stored = new String(Payloads.taggedJsonString("p3-12345-", 100), StandardCharsets.US_ASCII);
        assertArrayEquals(new int[] {3, 12345}, RedisReadBack.tag(stored));
        assertNull(RedisReadBack.tag("\"w2-1-xxxx\""));
        assertNull(RedisReadBack.tag("p3-12-xxxx"));
        assertNull(RedisReadBack.tag("\"p3x12xxxx\""));
        assertNull(RedisReadBack.tag(null));
    }
}
