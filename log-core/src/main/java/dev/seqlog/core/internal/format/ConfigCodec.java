package dev.seqlog.core.internal.format;

import dev.seqlog.api.TopicConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A topic configuration as the CREATE and CONFIG frames and the snapshot's topic section store it. Enums go
 * through {@link PersistedCodes}; booleans are 0 or 1 (any other value reads as true).
 *
 * <pre>
 *  offset  size  field
 *  0       1     type (PersistedCodes: 0 log, 1 queue)
 *  1       8     ttlMs
 *  9       8     capRecords
 *  17      8     capBytes
 *  25      1     discard (0 old, 1 reject)
 *  26      1     durability (0 ephemeral, 1 memory, 2 disk, 3 fsync)
 *  27      1     hasPriority
 *  28      4     priority (0 when absent)
 *  32      1     autoPriority
 *  33      1     autoCreate
 *  34      8     idempotencyWindowMs
 *  42      1     dedupeNode
 *  43      8     leaseMs
 *  51      8     claimJitterMs
 *  59      8     maxDeliveries
 *  67      1     leasesDurable
 *  68      2+n   deadLetter (ShortString, ASCII, -1 = none)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class ConfigCodec {
    static final int TYPE = 0;
    static final int TTL_MS = TYPE + 1;
    static final int CAP_RECORDS = TTL_MS + 8;
    static final int CAP_BYTES = CAP_RECORDS + 8;
    static final int DISCARD = CAP_BYTES + 8;
    static final int DURABILITY = DISCARD + 1;
    static final int HAS_PRIORITY = DURABILITY + 1;
    static final int PRIORITY = HAS_PRIORITY + 1;
    static final int AUTO_PRIORITY = PRIORITY + 4;
    static final int AUTO_CREATE = AUTO_PRIORITY + 1;
    static final int IDEMPOTENCY_WINDOW_MS = AUTO_CREATE + 1;
    static final int DEDUPE_NODE = IDEMPOTENCY_WINDOW_MS + 8;
    static final int LEASE_MS = DEDUPE_NODE + 1;
    static final int CLAIM_JITTER_MS = LEASE_MS + 8;
    static final int MAX_DELIVERIES = CLAIM_JITTER_MS + 8;
    static final int LEASES_DURABLE = MAX_DELIVERIES + 8;
    static final int DEAD_LETTER = LEASES_DURABLE + 1;

    private ConfigCodec() {
    }

    /**
     * @param c a configuration
     * @return the bytes it occupies
     */
    public static int size(TopicConfig c) {
        return DEAD_LETTER + ShortString.size(deadLetter(c));
    }

    /**
     * @param b the buffer
     * @param at where an encoded configuration starts
     * @return the bytes it occupies
     */
    public static int size(ByteBuffer b, int at) {
        return DEAD_LETTER + ShortString.size(b, at + DEAD_LETTER);
    }

    /**
     * Writes a configuration at an absolute offset.
     *
     * @param b the buffer
     * @param at where
     * @param c the configuration
     * @return the offset after it
     */
    public static int write(ByteBuffer b, int at, TopicConfig c) {
        b.put(at + TYPE, PersistedCodes.code(c.type()));
        b.putLong(at + TTL_MS, c.ttlMs()).putLong(at + CAP_RECORDS, c.capRecords())
                .putLong(at + CAP_BYTES, c.capBytes());
        b.put(at + DISCARD, PersistedCodes.code(c.discard()));
        b.put(at + DURABILITY, PersistedCodes.code(c.durability()));
        b.put(at + HAS_PRIORITY, flag(c.priority() != null));
        b.putInt(at + PRIORITY, c.priority() == null ? 0 : c.priority());
        b.put(at + AUTO_PRIORITY, flag(c.autoPriority())).put(at + AUTO_CREATE, flag(c.autoCreate()));
        b.putLong(at + IDEMPOTENCY_WINDOW_MS, c.idempotencyWindowMs());
        b.put(at + DEDUPE_NODE, flag(c.dedupeNode()));
        b.putLong(at + LEASE_MS, c.leaseMs()).putLong(at + CLAIM_JITTER_MS, c.claimJitterMs())
                .putLong(at + MAX_DELIVERIES, c.maxDeliveries());
        b.put(at + LEASES_DURABLE, flag(c.leasesDurable()));
        return ShortString.put(b, at + DEAD_LETTER, deadLetter(c));
    }

    /**
     * Reads a configuration at an absolute offset.
     *
     * @param b the buffer
     * @param at where it starts
     * @return the configuration
     * @throws CorruptionException for an unknown enum code
     */
    public static TopicConfig read(ByteBuffer b, int at) throws CorruptionException {
        TopicConfig.Builder c = TopicConfig.builder();
        c.type(PersistedCodes.type(b.get(at + TYPE)));
        c.ttlMs(b.getLong(at + TTL_MS)).capRecords(b.getLong(at + CAP_RECORDS)).capBytes(b.getLong(at + CAP_BYTES));
        c.discard(PersistedCodes.discard(b.get(at + DISCARD)));
        c.durability(PersistedCodes.durability(b.get(at + DURABILITY)));
        c.priority(b.get(at + HAS_PRIORITY) != 0 ? b.getInt(at + PRIORITY) : null);
        c.autoPriority(b.get(at + AUTO_PRIORITY) != 0).autoCreate(b.get(at + AUTO_CREATE) != 0);
        c.idempotencyWindowMs(b.getLong(at + IDEMPOTENCY_WINDOW_MS));
        c.dedupeNode(b.get(at + DEDUPE_NODE) != 0);
        c.leaseMs(b.getLong(at + LEASE_MS)).claimJitterMs(b.getLong(at + CLAIM_JITTER_MS))
                .maxDeliveries(b.getLong(at + MAX_DELIVERIES));
        c.leasesDurable(b.get(at + LEASES_DURABLE) != 0);
        String dl = ShortString.read(b, at + DEAD_LETTER, StandardCharsets.US_ASCII);
        if (dl != null) {
            c.deadLetter(dl);
        }
        return c.build();
    }

    private static byte[] deadLetter(TopicConfig c) {
        return ShortString.encode(c.deadLetter(), StandardCharsets.US_ASCII);
    }

    private static byte flag(boolean v) {
        return (byte) (v ? 1 : 0);
    }
}
