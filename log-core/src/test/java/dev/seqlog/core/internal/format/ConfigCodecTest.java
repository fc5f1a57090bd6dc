package dev.seqlog.core.internal.format;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The topic configuration codec: every field round-trips, the layout is the drawn one, codes are checked. */
class ConfigCodecTest {
    /** Every field away from its default. */
    static TopicConfig everyField() {
        return TopicConfig.builder().type(TopicType.QUEUE).ttlMs(3_600_000).capRecords(1000).capBytes(1L << 40)
                .discard(Discard.REJECT).durability(Durability.MEMORY).priority(-7).autoPriority(false)
                .autoCreate(false).idempotencyWindowMs(60_000).dedupeNode(false).leaseMs(45_000).claimJitterMs(250)
                .maxDeliveries(Long.MAX_VALUE).leasesDurable(true).deadLetter("q-dead.letters_1").build();
    }

    private static TopicConfig roundTrip(TopicConfig c, int at) throws CorruptionException {
        ByteBuffer b = ByteBuffer.allocate(at + ConfigCodec.size(c) + 3);
        assertEquals(at + ConfigCodec.size(c), ConfigCodec.write(b, at, c));
        assertEquals(ConfigCodec.size(c), ConfigCodec.size(b, at));
        return ConfigCodec.read(b, at);
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        for (TopicConfig c : List.of(everyField(), TopicConfig.defaults(),
                TopicConfig.builder().durability(Durability.EPHEMERAL).priority(0).build(),
                TopicConfig.builder().durability(Durability.FSYNC).discard(Discard.OLD).capRecords(5).build())) {
            TopicConfig back = roundTrip(c, 11);
            assertEquals(c, back);
            assertEquals(c.toString(), back.toString());
        }
    }

    @Test
    void theFieldsSitAtTheDrawnOffsets() {
        TopicConfig c = everyField();
        ByteBuffer b = ByteBuffer.allocate(ConfigCodec.size(c));
        ConfigCodec.write(b, 0, c);
        assertEquals(68, ConfigCodec.DEAD_LETTER);
        assertEquals(68 + 2 + "q-dead.letters_1".length(), b.capacity());
        assertEquals(1, b.get(ConfigCodec.TYPE));
        assertEquals(3_600_000, b.getLong(ConfigCodec.TTL_MS));
        assertEquals(1000, b.getLong(ConfigCodec.CAP_RECORDS));
        assertEquals(1L << 40, b.getLong(ConfigCodec.CAP_BYTES));
        assertEquals(1, b.get(ConfigCodec.DISCARD));
        assertEquals(1, b.get(ConfigCodec.DURABILITY));
        assertEquals(1, b.get(ConfigCodec.HAS_PRIORITY));
        assertEquals(-7, b.getInt(ConfigCodec.PRIORITY));
        assertEquals(0, b.get(ConfigCodec.AUTO_PRIORITY));
        assertEquals(0, b.get(ConfigCodec.AUTO_CREATE));
        assertEquals(60_000, b.getLong(ConfigCodec.IDEMPOTENCY_WINDOW_MS));
        assertEquals(0, b.get(ConfigCodec.DEDUPE_NODE));
        assertEquals(45_000, b.getLong(ConfigCodec.LEASE_MS));
        assertEquals(250, b.getLong(ConfigCodec.CLAIM_JITTER_MS));
        assertEquals(Long.MAX_VALUE, b.getLong(ConfigCodec.MAX_DELIVERIES));
        assertEquals(1, b.get(ConfigCodec.LEASES_DURABLE));
        assertEquals(16, b.getShort(ConfigCodec.DEAD_LETTER));
    }

    @Test
    void noPriorityAndNoDeadLetterAreStoredAsAbsent() throws Exception {
        TopicConfig c = TopicConfig.defaults();
        ByteBuffer b = ByteBuffer.allocate(ConfigCodec.size(c));
        ConfigCodec.write(b, 0, c);
        assertEquals(ConfigCodec.DEAD_LETTER + ShortString.BYTES, b.capacity());
        assertEquals(0, b.get(ConfigCodec.HAS_PRIORITY));
        assertEquals(ShortString.ABSENT, b.getShort(ConfigCodec.DEAD_LETTER));
        TopicConfig back = ConfigCodec.read(b, 0);
        assertEquals(null, back.priority());
        assertEquals(null, back.deadLetter());
    }

    @Test
    void unknownEnumCodesAreRefused() {
        for (int field : new int[] {ConfigCodec.TYPE, ConfigCodec.DISCARD, ConfigCodec.DURABILITY}) {
            TopicConfig c = TopicConfig.defaults();
            ByteBuffer b = ByteBuffer.allocate(ConfigCodec.size(c));
            ConfigCodec.write(b, 0, c);
            b.put(field, (byte) 9);
            assertThrows(CorruptionException.class, () -> ConfigCodec.read(b, 0), "field at " + field);
        }
    }
}
