package dev.seqlog.core.internal.topic;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bodies of the WAL frames the engine logs. Every body starts with a type byte, the topic's numeric id
 * (which is also its epoch) and the frame's log sequence number: a per-topic counter that rises by one with
 * every frame the topic logs, so replay skips frames a snapshot already holds. Integers are big-endian.
 *
 * <pre>
 *  CREATE  1  id(8) lsn(8) nameLength(2) name(ASCII) config
 *  CONFIG  2  id(8) lsn(8) config
 *  DROP    3  id(8) lsn(8)
 *  APPEND  4  id(8) lsn(8) firstSeq(8) ts(8) count(4) then per record:
 *               hops(1) nodeLength(1) tagLength(2) dataLength(4) metaLength(4, -1 = none)
 *               node tag data meta
 *  DELETE  5  id(8) lsn(8) bound(8: seqs below it) match(1: 0 none, 1 Eq, 2 prefix) valueLength(2) value
 *  EXPIRE  6  id(8) lsn(8) upTo(8): every live record at or below this seq expired
 *  RESERVE 7  id(8) lsn(8) reservedThrough(8): no seq above it was acknowledged; the last one wins
 *
 *  config: type(1: 0 log, 1 queue) ttlMs(8) capRecords(8) capBytes(8) discard(1: 0 old, 1 reject)
 *          durability(1: 0 ephemeral, 1 memory, 2 disk, 3 fsync) hasPriority(1)
 *          priority(4) autoPriority(1) autoCreate(1) idempotencyWindowMs(8) dedupeNode(1) leaseMs(8)
 *          claimJitterMs(8) maxDeliveries(8) leasesDurable(1) deadLetterLength(2, -1 = none) deadLetter
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class WalOps {
    public static final byte CREATE = 1;
    public static final byte CONFIG = 2;
    public static final byte DROP = 3;
    public static final byte APPEND = 4;
    public static final byte DELETE = 5;
    public static final byte EXPIRE = 6;
    public static final byte RESERVE = 7;

    static final byte MATCH_NONE = 0;
    static final byte MATCH_EQ = 1;
    static final byte MATCH_PREFIX = 2;

    private static final int CONFIG_FIXED = 1 + 8 + 8 + 8 + 1 + 1 + 1 + 4 + 1 + 1 + 8 + 1 + 8 + 8 + 8 + 1 + 2;
    private static final int RECORD_HEADER = 1 + 1 + 2 + 4 + 4;

    private WalOps() {
    }

    /** Bytes of the type, id and lsn that start every body. */
    static final int PREFIX = 1 + 8 + 8;

    static ByteBuffer create(long id, long lsn, String name, TopicConfig c) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(PREFIX + 2 + n.length + configSize(c));
        b.put(CREATE).putLong(id).putLong(lsn).putShort((short) n.length).put(n);
        putConfig(b, c);
        return b.flip();
    }

    static ByteBuffer config(long id, long lsn, TopicConfig c) {
        ByteBuffer b = ByteBuffer.allocate(PREFIX + configSize(c));
        b.put(CONFIG).putLong(id).putLong(lsn);
        putConfig(b, c);
        return b.flip();
    }

    static ByteBuffer drop(long id, long lsn) {
        return ByteBuffer.allocate(PREFIX).put(DROP).putLong(id).putLong(lsn).flip();
    }

    static ByteBuffer expire(long id, long lsn, long upTo) {
        return ByteBuffer.allocate(PREFIX + 8).put(EXPIRE).putLong(id).putLong(lsn).putLong(upTo).flip();
    }

    static ByteBuffer reserve(long id, long lsn, long through) {
        return ByteBuffer.allocate(PREFIX + 8).put(RESERVE).putLong(id).putLong(lsn).putLong(through).flip();
    }

    static ByteBuffer delete(long id, long lsn, long bound, byte match, String value) {
        byte[] v = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(PREFIX + 8 + 1 + 2 + v.length);
        return b.put(DELETE).putLong(id).putLong(lsn).putLong(bound).put(match).putShort((short) v.length).put(v).flip();
    }

    static ByteBuffer append(long id, long lsn, long firstSeq, long ts, EncodedBatch batch) {
        int size = PREFIX + 8 + 8 + 4;
        for (int i = 0; i < batch.size(); i++) {
            RecordInput r = batch.records.get(i);
            size += RECORD_HEADER + len(batch.nodes[i]) + len(batch.tags[i]) + r.dataLength() + len(r.meta());
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(APPEND).putLong(id).putLong(lsn).putLong(firstSeq).putLong(ts).putInt(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            RecordInput r = batch.records.get(i);
            byte[] node = batch.nodes[i];
            byte[] tag = batch.tags[i];
            byte[] meta = r.meta();
            b.put((byte) 0).put((byte) len(node)).putShort((short) len(tag)).putInt(r.dataLength())
                    .putInt(meta == null ? -1 : meta.length);
            if (node != null) {
                b.put(node);
            }
            if (tag != null) {
                b.put(tag);
            }
            b.put(r.dataArray(), r.dataOffset(), r.dataLength());
            if (meta != null) {
                b.put(meta);
            }
        }
        return b.flip();
    }

    private static int len(byte[] a) {
        return a == null ? 0 : a.length;
    }

    // ------------------------------------------------------------------------------------------ decode

    public static TopicConfig readConfig(ByteBuffer b) {
        TopicConfig.Builder c = TopicConfig.builder();
        c.type(b.get() == 0 ? TopicType.LOG : TopicType.QUEUE);
        c.ttlMs(b.getLong()).capRecords(b.getLong()).capBytes(b.getLong());
        c.discard(b.get() == 0 ? Discard.OLD : Discard.REJECT);
        c.durability(durability(b.get()));
        boolean hasPriority = b.get() != 0;
        int priority = b.getInt();
        c.priority(hasPriority ? priority : null);
        c.autoPriority(b.get() != 0).autoCreate(b.get() != 0).idempotencyWindowMs(b.getLong());
        c.dedupeNode(b.get() != 0).leaseMs(b.getLong()).claimJitterMs(b.getLong()).maxDeliveries(b.getLong());
        c.leasesDurable(b.get() != 0);
        short dl = b.getShort();
        if (dl >= 0) {
            byte[] n = new byte[dl];
            b.get(n);
            c.deadLetter(new String(n, StandardCharsets.US_ASCII));
        }
        return c.build();
    }

    public static String readName(ByteBuffer b) {
        byte[] n = new byte[b.getShort()];
        b.get(n);
        return new String(n, StandardCharsets.US_ASCII);
    }

    private static Durability durability(byte code) {
        switch (code) {
            case 0: return Durability.EPHEMERAL;
            case 1: return Durability.MEMORY;
            case 2: return Durability.DISK;
            case 3: return Durability.FSYNC;
            default: throw new IllegalArgumentException("unknown durability code " + code);
        }
    }

    private static byte durabilityCode(Durability d) {
        switch (d) {
            case EPHEMERAL: return 0;
            case MEMORY: return 1;
            case DISK: return 2;
            default: return 3;
        }
    }

    public static int configSize(TopicConfig c) {
        return CONFIG_FIXED + (c.deadLetter() == null ? 0 : c.deadLetter().length());
    }

    public static void putConfig(ByteBuffer b, TopicConfig c) {
        b.put((byte) (c.type() == TopicType.LOG ? 0 : 1));
        b.putLong(c.ttlMs()).putLong(c.capRecords()).putLong(c.capBytes());
        b.put((byte) (c.discard() == Discard.OLD ? 0 : 1));
        b.put(durabilityCode(c.durability()));
        b.put((byte) (c.priority() == null ? 0 : 1)).putInt(c.priority() == null ? 0 : c.priority());
        b.put((byte) (c.autoPriority() ? 1 : 0)).put((byte) (c.autoCreate() ? 1 : 0));
        b.putLong(c.idempotencyWindowMs());
        b.put((byte) (c.dedupeNode() ? 1 : 0));
        b.putLong(c.leaseMs()).putLong(c.claimJitterMs()).putLong(c.maxDeliveries());
        b.put((byte) (c.leasesDurable() ? 1 : 0));
        if (c.deadLetter() == null) {
            b.putShort((short) -1);
        } else {
            b.putShort((short) c.deadLetter().length()).put(c.deadLetter().getBytes(StandardCharsets.US_ASCII));
        }
    }
}
