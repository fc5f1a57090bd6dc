package dev.seqlog.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defaults, clamps, durability resolution and validation of the topic config (API §1.15). */
class TopicConfigTest {

    @Test
    void defaultsMatchTheContract() {
        TopicConfig c = TopicConfig.defaults();
        assertEquals(TopicType.LOG, c.type());
        assertFalse(c.typeSpecified());
        assertEquals(0, c.ttlMs());
        assertEquals(0, c.capRecords());
        assertEquals(0, c.capBytes());
        assertEquals(Discard.OLD, c.discard());
        assertEquals(Durability.DISK, c.durability());
        assertFalse(c.durable());
        assertNull(c.priority());
        assertTrue(c.autoPriority());
        assertTrue(c.autoCreate());
        assertEquals(120_000, c.idempotencyWindowMs());
        assertTrue(c.dedupeNode());
        assertEquals(30_000, c.leaseMs());
        assertEquals(0, c.claimJitterMs());
        assertEquals(0, c.maxDeliveries());
        assertNull(c.deadLetter());
        assertFalse(c.leasesDurable());
    }

    @Test
    void durableIsAShorthandThatAnExplicitClassOverrides() {
        assertEquals(Durability.FSYNC, TopicConfig.builder().durable(true).build().durability());
        TopicConfig both = TopicConfig.builder().durable(true).durability(Durability.MEMORY).build();
        assertEquals(Durability.MEMORY, both.durability());
        assertFalse(both.durable());
        assertTrue(TopicConfig.builder().durability(Durability.FSYNC).build().durable());
    }

    @Test
    void clampsApply() {
        TopicConfig c = TopicConfig.builder().priority(-5000).idempotencyWindowMs(Long.MAX_VALUE).leaseMs(1)
                .claimJitterMs(99_999).build();
        assertEquals(-1000, c.priority());
        assertEquals(86_400_000, c.idempotencyWindowMs());
        assertEquals(100, c.leaseMs());
        assertEquals(5000, c.claimJitterMs());
        assertEquals(86_400_000, TopicConfig.builder().leaseMs(Long.MAX_VALUE).build().leaseMs());
    }

    @Test
    void negativeValuesAndBadNamesAreInvalidRequests() {
        SeqlogException e = assertThrows(SeqlogException.class, () -> TopicConfig.builder().ttlMs(-1));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("ttl_ms", e.detail().get("field"));
        assertEquals("dead_letter",
                assertThrows(SeqlogException.class, () -> TopicConfig.builder().deadLetter("bad name"))
                        .detail().get("field"));
        assertEquals("durability", assertThrows(SeqlogException.class, () -> Durability.fromWire("FSYNC"))
                .detail().get("field"));
    }

    @Test
    void equalityIsOnResolvedValues() {
        assertEquals(TopicConfig.defaults(), TopicConfig.builder().durable(false).build());
        assertEquals(TopicConfig.builder().priority(2000).build(), TopicConfig.builder().priority(1000).build());
        assertNotEquals(TopicConfig.defaults(), TopicConfig.builder().capRecords(1).build());
        TopicConfig q = TopicConfig.builder().type(TopicType.QUEUE).build();
        assertEquals(q, TopicConfig.defaults().withTypeIfUnspecified(TopicType.QUEUE));
        assertEquals(TopicType.LOG, TopicConfig.builder().type(TopicType.LOG).build()
                .withTypeIfUnspecified(TopicType.QUEUE).type());
    }

    @Test
    void namesFollowThePattern() {
        assertTrue(Names.isValidTopic("render-queue:tenantA"));
        assertTrue(Names.isValidTopic("A.b_c-d:e"));
        assertFalse(Names.isValidTopic("a>b"));
        assertTrue(Names.isValidRouter("orders->audit"));
        assertFalse(Names.isValidTopic("_x"));
        assertFalse(Names.isValidTopic(null));
        assertFalse(Names.isValidTopic("x".repeat(256)));
    }
}
