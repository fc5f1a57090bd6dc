package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The idempotency section of a snapshot (id {@link SnapshotBody#IDEMPOTENCY}, version 1, optional, at most one
 * per topic, right after its topic section and queue section): the topic's idempotency map. Written only by an
 * engine whose operations live in an external replicated log. There the map is replicated state: a replica that
 * restarts from a checkpoint must deduplicate a retry exactly as the replicas that did not restart, so the map
 * is kept with the checkpoint (a standalone engine keeps it in memory only, SEMANTICS §10).
 *
 * <pre>
 *  offset  size  field
 *  0       8     topic id
 *  8       4     entries n, in commit order
 *  12      ...   n entries, each:
 *                  0   8   first seq of the write
 *                  8   8   last seq of the write
 *                  16  8   commit time, ms
 *                  24  2   key length k in UTF-8 bytes
 *                  26  k   key
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class IdempotencySection {
    /** The content version this build writes and reads. */
    public static final int VERSION = 1;
    static final int TOPIC_ID = 0;
    static final int COUNT = TOPIC_ID + 8;
    static final int ENTRIES = COUNT + 4;
    static final int FIRST = 0;
    static final int LAST = FIRST + 8;
    static final int COMMIT = LAST + 8;
    static final int KEY_LENGTH = COMMIT + 8;
    static final int KEY = KEY_LENGTH + 2;

    /** Receives the entries of a section, in commit order. */
    public interface EntrySink {
        /**
         * @param key the idempotency key
         * @param firstSeq first seq of the write
         * @param lastSeq last seq of the write
         * @param commitMs its commit time
         */
        void entry(String key, long firstSeq, long lastSeq, long commitMs);
    }

    /** Builds a section's content. Not thread-safe. */
    public static final class Builder {
        private ByteBuffer b;
        private int count;

        /**
         * @param topicId the topic id
         * @param expected how many entries will follow (sizes the buffer)
         */
        public Builder(long topicId, int expected) {
            b = ByteBuffer.allocate(ENTRIES + expected * (KEY + 32)).putLong(TOPIC_ID, topicId);
            b.position(ENTRIES);
        }

        /**
         * @param key the key
         * @param firstSeq first seq of the write
         * @param lastSeq last seq of the write
         * @param commitMs its commit time
         * @return this builder
         */
        public Builder add(String key, long firstSeq, long lastSeq, long commitMs) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            if (k.length > 0xFFFF) {
                throw new IllegalArgumentException("idempotency key longer than 65535 bytes: " + k.length);
            }
            if (b.remaining() < KEY + k.length) {
                b = ByteBuffer.allocate(Math.max(2 * b.capacity(), b.position() + KEY + k.length))
                        .put(b.flip());
            }
            b.putLong(firstSeq).putLong(lastSeq).putLong(commitMs).putShort((short) k.length).put(k);
            count++;
            return this;
        }

        /** @return the content, position 0 to limit */
        public ByteBuffer build() {
            b.putInt(COUNT, count);
            return b.flip();
        }
    }

    private IdempotencySection() {
    }

    /**
     * @param content a section's content, offset 0 to limit
     * @return the topic id it belongs to
     */
    public static long topicId(ByteBuffer content) {
        return content.getLong(TOPIC_ID);
    }

    /**
     * Reads every entry.
     *
     * @param content a section's content, offset 0 to limit
     * @param sink receives the entries
     * @throws CorruptionException if the content does not parse
     */
    public static void read(ByteBuffer content, EntrySink sink) throws CorruptionException {
        try {
            int n = content.getInt(COUNT);
            int at = ENTRIES;
            for (int i = 0; i < n; i++) {
                int k = Short.toUnsignedInt(content.getShort(at + KEY_LENGTH));
                byte[] key = new byte[k];
                content.get(at + KEY, key);
                sink.entry(new String(key, StandardCharsets.UTF_8), content.getLong(at + FIRST),
                        content.getLong(at + LAST), content.getLong(at + COMMIT));
                at += KEY + k;
            }
            if (at != content.limit()) {
                throw new CorruptionException("idempotency section has unread bytes: offset=" + at + " length="
                        + content.limit());
            }
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptionException("idempotency section overruns its content: " + e.getMessage());
        }
    }
}
