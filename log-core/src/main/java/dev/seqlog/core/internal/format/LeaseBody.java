package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of a LEASES WAL frame ({@link WalBodies#LEASES}): one or more lease events of one kind on a queue
 * with durable leases (SEMANTICS §13.1, §13.10). Replay sets, rather than increments, what each event names,
 * so applying a frame twice changes nothing. Offsets are from the body's first byte; integers are big-endian.
 *
 * <pre>
 *  offset  size  field
 *  0       17    prefix (WalBodies): type 9, topic id, lsn
 *  17      1     kind: 1 claimed, 2 extended, 3 released, 4 image (the whole state of the jobs it names, written
 *                when a queue switches to durable leases: lease id 0 means released, else leased)
 *  18      2     H: holders named by the events
 *  20      ..    H holder nodes (ShortString, UTF-8)
 *  X       4     n: events
 *  X+4     30n   events, each:
 *                0   8  seq
 *                8   8  lease id (claimed, extended; 0 for released)
 *                16  8  time: the lease deadline (claimed, extended) or when the job is ready again (released)
 *                24  4  delivery count after the event
 *                28  2  holder index into the holders (claimed, or a leased image entry; 0 otherwise)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class LeaseBody {
    /** Kind: jobs were leased by a claim pass. */
    public static final byte CLAIMED = 1;
    /** Kind: lease deadlines moved. */
    public static final byte EXTENDED = 2;
    /** Kind: leases ended without an ack (nack, or a push connection's release). */
    public static final byte RELEASED = 3;
    /** Kind: the whole lease state of the jobs named (a queue switched to durable leases). */
    public static final byte IMAGE = 4;

    static final int KIND = WalBodies.PAYLOAD;
    static final int HOLDERS = KIND + 1;
    static final int HOLDER_LIST = HOLDERS + 2;
    static final int EVENT_SEQ = 0;
    static final int EVENT_LEASE = 8;
    static final int EVENT_TIME = 16;
    static final int EVENT_DELIVERIES = 24;
    static final int EVENT_HOLDER = 28;
    static final int EVENT_SIZE = 30;

    private LeaseBody() {
    }

    /**
     * Encodes a frame.
     *
     * @param id the topic id
     * @param lsn its lsn
     * @param kind the events' kind
     * @param holders the holder nodes events refer to by index (empty unless claimed)
     * @param n events
     * @param seqs their seqs
     * @param leaseIds their lease ids
     * @param times their deadlines or ready times
     * @param deliveries their delivery counts
     * @param holderIndex their holder indexes
     * @return the body
     */
    public static ByteBuffer encode(long id, long lsn, byte kind, List<String> holders, int n, long[] seqs,
                                    long[] leaseIds, long[] times, int[] deliveries, short[] holderIndex) {
        byte[][] hs = new byte[holders.size()][];
        int size = HOLDER_LIST + 4 + EVENT_SIZE * n;
        for (int i = 0; i < hs.length; i++) {
            hs[i] = ShortString.encode(holders.get(i), StandardCharsets.UTF_8);
            size += ShortString.size(hs[i]);
        }
        ByteBuffer b = WalBodies.start(WalBodies.LEASES, id, lsn, size);
        b.put(KIND, kind).putShort(HOLDERS, (short) hs.length);
        int at = HOLDER_LIST;
        for (byte[] h : hs) {
            at = ShortString.put(b, at, h);
        }
        b.putInt(at, n);
        at += 4;
        for (int i = 0; i < n; i++, at += EVENT_SIZE) {
            b.putLong(at + EVENT_SEQ, seqs[i]).putLong(at + EVENT_LEASE, leaseIds[i]).putLong(at + EVENT_TIME, times[i])
                    .putInt(at + EVENT_DELIVERIES, deliveries[i]).putShort(at + EVENT_HOLDER, holderIndex[i]);
        }
        return b;
    }

    /** Reads the events of one body in order; positioned before the first by {@link #wrap}. */
    public static final class Reader {
        private ByteBuffer b;
        private String[] holders;
        private int n;
        private int i;
        private int at;

        /**
         * @param body a LEASES body
         * @return this reader, before the first event
         * @throws CorruptionException for an unknown kind, or a length that does not match the counts
         */
        public Reader wrap(ByteBuffer body) throws CorruptionException {
            try {
                b = body;
                byte kind = b.get(KIND);
                if (kind < CLAIMED || kind > IMAGE) {
                    throw new CorruptionException("unknown lease event kind: kind=" + kind);
                }
                int h = b.getShort(HOLDERS) & 0xFFFF;
                holders = new String[h];
                int p = HOLDER_LIST;
                for (int k = 0; k < h; k++) {
                    holders[k] = ShortString.read(b, p, StandardCharsets.UTF_8);
                    p += ShortString.size(b, p);
                }
                n = b.getInt(p);
                at = p + 4 - EVENT_SIZE;
                i = -1;
                if (n < 0 || p + 4 + (long) EVENT_SIZE * n != b.limit()) {
                    throw new CorruptionException("LEASES body length does not match its count: count=" + n
                            + " length=" + b.limit());
                }
                return this;
            } catch (IndexOutOfBoundsException e) {
                throw new CorruptionException("LEASES body is truncated: length=" + body.limit());
            }
        }

        /** @return the kind of every event of the body */
        public byte kind() {
            return b.get(KIND);
        }

        /**
         * @return whether there is another event, now current
         * @throws CorruptionException if the current event names a holder the body does not list
         */
        public boolean next() throws CorruptionException {
            if (++i >= n) {
                return false;
            }
            at += EVENT_SIZE;
            if (named() && (b.getShort(at + EVENT_HOLDER) & 0xFFFF) >= holders.length) {
                throw new CorruptionException("lease event names an unknown holder: index="
                        + (b.getShort(at + EVENT_HOLDER) & 0xFFFF) + " holders=" + holders.length);
            }
            return true;
        }

        /** @return the current event's seq */
        public long seq() {
            return b.getLong(at + EVENT_SEQ);
        }

        /** @return its lease id */
        public long leaseId() {
            return b.getLong(at + EVENT_LEASE);
        }

        /** @return its deadline or ready time */
        public long time() {
            return b.getLong(at + EVENT_TIME);
        }

        /** @return the delivery count after it */
        public int deliveries() {
            return b.getInt(at + EVENT_DELIVERIES);
        }

        /** @return its holder (claimed, or a leased image entry), or null */
        public String holder() {
            return named() ? holders[b.getShort(at + EVENT_HOLDER) & 0xFFFF] : null;
        }

        /** Whether the current event names a holder. */
        private boolean named() {
            return kind() == CLAIMED || (kind() == IMAGE && leaseId() != 0);
        }
    }
}
