package dev.seqlog.replication;

import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.format.ConfigCodec;
import dev.seqlog.core.internal.format.CorruptionException;

/**
 * A {@link TopicConfig} in a replicated command or reply: log-core's {@link ConfigCodec} (the layout of its CREATE
 * and CONFIG WAL frames, so the field list is kept in one place) behind one flags byte for what that codec does
 * not keep, whether {@code type} was given. A {@code PUT} that omits the type keeps the existing topic's type, so
 * the engine must see the same "unspecified" on every replica.
 *
 * <pre>
 *  offset  size  field
 *  0       1     flags: bit 0 type specified
 *  1       n     ConfigCodec layout (69 bytes + dead letter name)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class ConfigWire {
    private static final int TYPE_SPECIFIED = 1;

    private ConfigWire() {
    }

    static void write(WireWriter w, TopicConfig c) {
        w.putByte(c.typeSpecified() ? TYPE_SPECIFIED : 0);
        int at = w.reserve(ConfigCodec.size(c));
        ConfigCodec.write(w.buffer(), at, c);
    }

    static TopicConfig read(WireReader r) {
        int flags = r.getByte("config flags");
        int at = r.position();
        TopicConfig c;
        try {
            int size = ConfigCodec.size(r.buffer(), at);
            if (size > r.remaining()) {
                throw new MalformedEntryException("config: " + size + " bytes at offset " + at + ", "
                        + r.remaining() + " remain");
            }
            c = ConfigCodec.read(r.buffer(), at);
            r.position(at + size);
        } catch (CorruptionException | IndexOutOfBoundsException e) {
            throw new MalformedEntryException("config at offset " + at + ": " + e.getMessage(), e);
        }
        return (flags & TYPE_SPECIFIED) != 0 ? c : withoutType(c);
    }

    /** The same configuration with {@code type} unspecified (every other field copied). */
    static TopicConfig withoutType(TopicConfig c) {
        return TopicConfig.builder().ttlMs(c.ttlMs()).capRecords(c.capRecords()).capBytes(c.capBytes())
                .discard(c.discard()).durability(c.durability()).priority(c.priority())
                .autoPriority(c.autoPriority()).autoCreate(c.autoCreate())
                .idempotencyWindowMs(c.idempotencyWindowMs()).dedupeNode(c.dedupeNode()).leaseMs(c.leaseMs())
                .claimJitterMs(c.claimJitterMs()).maxDeliveries(c.maxDeliveries()).deadLetter(c.deadLetter())
                .leasesDurable(c.leasesDurable()).build();
    }
}
