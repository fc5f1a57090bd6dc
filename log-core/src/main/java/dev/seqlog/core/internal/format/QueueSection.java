package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A queue topic's lease state in a snapshot (section id {@link SnapshotBody#QUEUE}, version 1, one per queue
 * instance, right after its topic section): the dead-letter counter, and with durable leases every job that
 * was delivered at least once. REQUIRED when it holds lease entries, since a reader that ignored it would
 * forget leases and delivery counts the queue promised to keep; optional otherwise.
 *
 * <pre>
 *  offset  size  field
 *  0       8     topic id (also the instance epoch)
 *  8       8     dead_lettered
 *  16      4     n: lease entries
 *  20      ..    n entries, each:
 *                0   8    seq
 *                8   4    deliveries
 *                12  1    state: 1 leased, 2 released
 *                13  8    lease id (leased; 0 otherwise)
 *                21  8    time: the lease deadline (leased) or when the job is ready again (released)
 *                29  2+h  holder node (ShortString, UTF-8; absent unless leased)
 * </pre>
 *
 * <p>Writers and readers are confined to one thread.
 */
public final class QueueSection {
    /** The content version this build writes and reads. */
    public static final int VERSION = 1;
    /** Entry state: the job has a current lease. */
    public static final byte LEASED = 1;
    /** Entry state: the job's last lease ended without an ack. */
    public static final byte RELEASED = 2;

    static final int TOPIC_ID = 0;
    static final int DEAD_LETTERED = 8;
    static final int COUNT = 16;
    static final int ENTRIES = 20;
    static final int E_SEQ = 0;
    static final int E_DELIVERIES = 8;
    static final int E_STATE = 12;
    static final int E_LEASE = 13;
    static final int E_TIME = 21;
    static final int E_HOLDER = 29;

    private QueueSection() {
    }

    /**
     * @param content a section's content, offset 0
     * @return how many lease entries it holds
     */
    public static int entries(ByteBuffer content) {
        return content.getInt(COUNT);
    }

    /** Builds the content of one section. */
    public static final class Writer {
        private ByteBuffer b;
        private int n;

        /**
         * @param topicId the topic id
         * @param deadLettered the dead-letter counter
         * @param expected a guess of the entries that follow
         */
        public Writer(long topicId, long deadLettered, int expected) {
            b = ByteBuffer.allocate(ENTRIES + 48 * Math.max(expected, 1));
            b.putLong(TOPIC_ID, topicId).putLong(DEAD_LETTERED, deadLettered).position(ENTRIES);
        }

        /**
         * Adds one entry.
         *
         * @param seq the job
         * @param deliveries its delivery count
         * @param state {@link #LEASED} or {@link #RELEASED}
         * @param leaseId the lease id, or 0
         * @param time the deadline or ready time
         * @param holder the holder (leased), or null
         * @return this writer
         */
        public Writer entry(long seq, int deliveries, byte state, long leaseId, long time, String holder) {
            byte[] h = holder == null ? null : ShortString.encode(holder, StandardCharsets.UTF_8);
            int size = E_HOLDER + (h == null ? 0 : ShortString.size(h));
            if (b.remaining() < size) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + size));
                b.flip();
                bigger.put(b);
                b = bigger;
            }
            int at = b.position();
            b.putLong(at + E_SEQ, seq).putInt(at + E_DELIVERIES, deliveries).put(at + E_STATE, state)
                    .putLong(at + E_LEASE, leaseId).putLong(at + E_TIME, time);
            int end = h == null ? at + E_HOLDER : ShortString.put(b, at + E_HOLDER, h);
            b.position(end);
            n++;
            return this;
        }

        /** @return the content, position 0 to limit */
        public ByteBuffer finish() {
            b.putInt(COUNT, n);
            b.flip();
            return b;
        }

        /** @return the entries written so far */
        public int count() {
            return n;
        }
    }

    /** Reads one section's content: the header at once, the entries one at a time. */
    public static final class Reader {
        private final ByteBuffer b;
        private final int n;
        private int i = -1;
        private int at;
        private int next;

        /**
         * @param content the content, offset 0 to limit
         * @throws CorruptionException if it is too short for its header
         */
        public Reader(ByteBuffer content) throws CorruptionException {
            if (content.limit() < ENTRIES) {
                throw new CorruptionException("queue section is truncated: length=" + content.limit());
            }
            b = content;
            n = b.getInt(COUNT);
            next = ENTRIES;
            if (n < 0) {
                throw new CorruptionException("queue section has a negative entry count: count=" + n);
            }
        }

        /** @return the topic id */
        public long topicId() {
            return b.getLong(TOPIC_ID);
        }

        /** @return the dead-letter counter */
        public long deadLettered() {
            return b.getLong(DEAD_LETTERED);
        }

        /** @return the number of entries */
        public int count() {
            return n;
        }

        /**
         * @return whether there is another entry, now current
         * @throws CorruptionException if it overruns the content or has an unknown state, or bytes follow the
         *         last one
         */
        public boolean next() throws CorruptionException {
            if (++i >= n) {
                if (next != b.limit()) {
                    throw new CorruptionException("queue section has unread bytes: offset=" + next + " length="
                            + b.limit());
                }
                return false;
            }
            at = next;
            if (at + E_HOLDER > b.limit()) {
                throw new CorruptionException("queue section entry overruns: entry=" + i + " offset=" + at);
            }
            byte s = state();
            if (s == LEASED) {
                next = at + E_HOLDER + ShortString.size(b, at + E_HOLDER);
            } else if (s == RELEASED) {
                next = at + E_HOLDER;
            } else {
                throw new CorruptionException("queue section entry has an unknown state: entry=" + i + " state=" + s);
            }
            if (next > b.limit()) {
                throw new CorruptionException("queue section entry overruns: entry=" + i + " offset=" + at);
            }
            return true;
        }

        /** @return the current entry's seq */
        public long seq() {
            return b.getLong(at + E_SEQ);
        }

        /** @return its deliveries */
        public int deliveries() {
            return b.getInt(at + E_DELIVERIES);
        }

        /** @return its state */
        public byte state() {
            return b.get(at + E_STATE);
        }

        /** @return its lease id */
        public long leaseId() {
            return b.getLong(at + E_LEASE);
        }

        /** @return its deadline or ready time */
        public long time() {
            return b.getLong(at + E_TIME);
        }

        /** @return its holder, or null */
        public String holder() {
            return state() == LEASED ? ShortString.read(b, at + E_HOLDER, StandardCharsets.UTF_8) : null;
        }
    }
}
