package dev.seqlog.core.internal.format;

import dev.seqlog.api.TopicConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bodies of the WAL frames the engine logs, except APPEND ({@link AppendBody}). Every body starts with
 * the same prefix: a type byte, the topic's numeric id (which is also its epoch) and the frame's log sequence
 * number, a per-topic counter that rises by one with every frame the topic logs, so replay skips frames a
 * snapshot already holds. Offsets are from the body's first byte (the type); integers are big-endian.
 *
 * <pre>
 *  prefix    0   1   type
 *            1   8   topic id
 *            9   8   lsn
 *  CREATE 1  17  2+n name (ShortString, ASCII), then the config (ConfigCodec)
 *  CONFIG 2  17  ..  config (ConfigCodec)
 *  DROP   3  -       nothing after the prefix
 *  APPEND 4  17  ..  see AppendBody
 *  DELETE 5  17  8   bound: records below it were eligible
 *            25  1   match kind (PersistedCodes: 0 none, 1 Eq, 2 prefix)
 *            26  2+n value (ShortString, UTF-8; empty for none)
 *  EXPIRE 6  17  8   upTo: every live record at or below it expired
 *  RESERVE 7 17  8   reservedThrough: no seq above it was acknowledged; the last one logged counts
 *  DELETE_SEQS 8 17 4 n: how many seqs follow (a queue's acks and dead-letter moves)
 *            21  8n  the seqs, each a record that stopped being live (those already gone are ignored)
 *  LEASES 9  17  ..  a queue's lease events, see LeaseBody
 *  FORWARD 10 17 ..  a router's copies into this (destination) topic: an APPEND body followed by the
 *                    router's progress (ForwardTrailer), see AppendBody
 *  TRIM 11   17  8   seq: one seq of this (destination) topic that stands for source records a router lost
 *            25  8   missed: how many source seqs it stands for (a source_trim loss range)
 *            33  24  the router's progress (ForwardTrailer)
 *  ROUTER 12 17  ..  a router catalog event; the topic id is 0, the catalog's own (RouterBody)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class WalBodies {
    /** Frame type: a topic instance was created. */
    public static final byte CREATE = 1;
    /** Frame type: its configuration changed. */
    public static final byte CONFIG = 2;
    /** Frame type: it was deleted. */
    public static final byte DROP = 3;
    /** Frame type: a batch was appended. */
    public static final byte APPEND = 4;
    /** Frame type: records were deleted. */
    public static final byte DELETE = 5;
    /** Frame type: records expired. */
    public static final byte EXPIRE = 6;
    /** Frame type: a seq reservation. */
    public static final byte RESERVE = 7;
    /** Frame type: individual records were deleted. */
    public static final byte DELETE_SEQS = 8;
    /** Frame type: a queue's lease events ({@link LeaseBody}). */
    public static final byte LEASES = 9;
    /** Frame type: a router's copies, with its progress ({@link AppendBody}, {@link ForwardTrailer}). */
    public static final byte FORWARD = 10;
    /** Frame type: a router's source_trim marker, with its progress. */
    public static final byte TRIM = 11;
    /** Frame type: a router catalog event ({@link RouterBody}). */
    public static final byte ROUTER = 12;

    /** Offset of the type byte. */
    public static final int TYPE = 0;
    /** Offset of the topic id. */
    public static final int TOPIC_ID = TYPE + 1;
    /** Offset of the log sequence number. */
    public static final int LSN = TOPIC_ID + 8;
    /** Offset of the type's payload: the prefix's size. */
    public static final int PAYLOAD = LSN + 8;

    static final int CREATE_NAME = PAYLOAD;
    static final int DELETE_BOUND = PAYLOAD;
    static final int DELETE_MATCH = DELETE_BOUND + 8;
    static final int DELETE_VALUE = DELETE_MATCH + 1;
    static final int EXPIRE_UP_TO = PAYLOAD;
    static final int RESERVE_THROUGH = PAYLOAD;
    static final int SEQS_COUNT = PAYLOAD;
    static final int SEQS = SEQS_COUNT + 4;
    static final int TRIM_SEQ = PAYLOAD;
    static final int TRIM_MISSED = TRIM_SEQ + 8;
    static final int TRIM_TRAILER = TRIM_MISSED + 8;

    private WalBodies() {
    }

    /** Allocates a body of {@code size} bytes with its prefix written. */
    static ByteBuffer start(byte type, long id, long lsn, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(TYPE, type).putLong(TOPIC_ID, id).putLong(LSN, lsn);
        return b;
    }

    /**
     * @param id topic id
     * @param lsn its lsn
     * @param name its name
     * @param c its config
     * @return a CREATE body
     */
    public static ByteBuffer create(long id, long lsn, String name, TopicConfig c) {
        byte[] n = ShortString.encode(name, StandardCharsets.US_ASCII);
        ByteBuffer b = start(CREATE, id, lsn, CREATE_NAME + ShortString.size(n) + ConfigCodec.size(c));
        ConfigCodec.write(b, ShortString.put(b, CREATE_NAME, n), c);
        return b;
    }

    /**
     * @param id topic id
     * @param lsn its lsn
     * @param c the new config
     * @return a CONFIG body
     */
    public static ByteBuffer config(long id, long lsn, TopicConfig c) {
        ByteBuffer b = start(CONFIG, id, lsn, PAYLOAD + ConfigCodec.size(c));
        ConfigCodec.write(b, PAYLOAD, c);
        return b;
    }

    /**
     * @param id topic id
     * @param lsn its lsn
     * @return a DROP body
     */
    public static ByteBuffer drop(long id, long lsn) {
        return start(DROP, id, lsn, PAYLOAD);
    }

    /**
     * @param id topic id
     * @param lsn its lsn
     * @param upTo the highest expired seq
     * @return an EXPIRE body
     */
    public static ByteBuffer expire(long id, long lsn, long upTo) {
        return start(EXPIRE, id, lsn, EXPIRE_UP_TO + 8).putLong(EXPIRE_UP_TO, upTo);
    }

    /**
     * @param id topic id
     * @param lsn its lsn
     * @param through the reservation
     * @return a RESERVE body
     */
    public static ByteBuffer reserve(long id, long lsn, long through) {
        return start(RESERVE, id, lsn, RESERVE_THROUGH + 8).putLong(RESERVE_THROUGH, through);
    }

    /**
     * @param id topic id
     * @param lsn its lsn
     * @param bound records below it were eligible
     * @param match the match kind (PersistedCodes)
     * @param value the tag or prefix, or null for none
     * @return a DELETE body
     */
    public static ByteBuffer delete(long id, long lsn, long bound, byte match, String value) {
        byte[] v = value == null ? new byte[0] : ShortString.encode(value, StandardCharsets.UTF_8);
        ByteBuffer b = start(DELETE, id, lsn, DELETE_VALUE + ShortString.size(v));
        b.putLong(DELETE_BOUND, bound).put(DELETE_MATCH, match);
        ShortString.put(b, DELETE_VALUE, v);
        return b;
    }

    /**
     * @param id topic id
     * @param lsn its lsn
     * @param seqs the deleted seqs
     * @param n how many of them
     * @return a DELETE_SEQS body
     */
    public static ByteBuffer deleteSeqs(long id, long lsn, long[] seqs, int n) {
        ByteBuffer b = start(DELETE_SEQS, id, lsn, SEQS + 8 * n);
        b.putInt(SEQS_COUNT, n);
        for (int i = 0; i < n; i++) {
            b.putLong(SEQS + 8 * i, seqs[i]);
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------ decode

    /**
     * @param id topic id of the destination
     * @param lsn its lsn
     * @param seq the marker's seq
     * @param missed source seqs it stands for
     * @param routerId the router
     * @param cursor the router's cursor once the marker is appended
     * @param total the router's forwarded total then
     * @return a TRIM body
     */
    public static ByteBuffer trim(long id, long lsn, long seq, long missed, long routerId, long cursor, long total) {
        ByteBuffer b = start(TRIM, id, lsn, TRIM_TRAILER + ForwardTrailer.SIZE);
        b.putLong(TRIM_SEQ, seq).putLong(TRIM_MISSED, missed);
        ForwardTrailer.put(b, TRIM_TRAILER, routerId, cursor, total);
        return b;
    }

    /**
     * @param b a TRIM body
     * @return the marker's seq
     * @throws CorruptionException if the body has the wrong size
     */
    public static long trimSeq(ByteBuffer b) throws CorruptionException {
        if (b.limit() != TRIM_TRAILER + ForwardTrailer.SIZE) {
            throw new CorruptionException("TRIM frame body has the wrong size: topicId=" + topicId(b) + " length="
                    + b.limit());
        }
        return b.getLong(TRIM_SEQ);
    }

    /**
     * @param b a TRIM body
     * @return the source seqs it stands for
     */
    public static long trimMissed(ByteBuffer b) {
        return b.getLong(TRIM_MISSED);
    }

    /**
     * @param b a TRIM body
     * @return where its trailer starts
     */
    public static int trimTrailer(ByteBuffer b) {
        return TRIM_TRAILER;
    }

    /**
     * @param b a body
     * @return its type
     */
    public static byte type(ByteBuffer b) {
        return b.get(TYPE);
    }

    /**
     * @param b a body
     * @return its topic id
     */
    public static long topicId(ByteBuffer b) {
        return b.getLong(TOPIC_ID);
    }

    /**
     * @param b a body
     * @return its log sequence number
     */
    public static long lsn(ByteBuffer b) {
        return b.getLong(LSN);
    }

    /**
     * @param b a CREATE body
     * @return the topic name
     */
    public static String createName(ByteBuffer b) {
        return ShortString.read(b, CREATE_NAME, StandardCharsets.US_ASCII);
    }

    /**
     * @param b a CREATE body
     * @return the configuration at creation
     * @throws CorruptionException for an unknown enum code
     */
    public static TopicConfig createConfig(ByteBuffer b) throws CorruptionException {
        return ConfigCodec.read(b, CREATE_NAME + ShortString.size(b, CREATE_NAME));
    }

    /**
     * @param b a CONFIG body
     * @return the new configuration
     * @throws CorruptionException for an unknown enum code
     */
    public static TopicConfig config(ByteBuffer b) throws CorruptionException {
        return ConfigCodec.read(b, PAYLOAD);
    }

    /**
     * @param b a DELETE body
     * @return its bound
     */
    public static long deleteBound(ByteBuffer b) {
        return b.getLong(DELETE_BOUND);
    }

    /**
     * @param b a DELETE body
     * @return its match kind
     * @throws CorruptionException for an unknown kind
     */
    public static byte deleteMatch(ByteBuffer b) throws CorruptionException {
        return PersistedCodes.matchKind(b.get(DELETE_MATCH));
    }

    /**
     * @param b a DELETE body
     * @return its value (empty for none)
     */
    public static String deleteValue(ByteBuffer b) {
        String v = ShortString.read(b, DELETE_VALUE, StandardCharsets.UTF_8);
        return v == null ? "" : v;
    }

    /**
     * @param b an EXPIRE body
     * @return the highest expired seq
     */
    public static long expireUpTo(ByteBuffer b) {
        return b.getLong(EXPIRE_UP_TO);
    }

    /**
     * @param b a RESERVE body
     * @return the reservation
     */
    public static long reservedThrough(ByteBuffer b) {
        return b.getLong(RESERVE_THROUGH);
    }

    /**
     * @param b a DELETE_SEQS body
     * @return its seqs
     * @throws CorruptionException if the count does not match the body's length
     */
    public static long[] deletedSeqs(ByteBuffer b) throws CorruptionException {
        int n = b.getInt(SEQS_COUNT);
        if (n < 0 || SEQS + 8L * n != b.limit()) {
            throw new CorruptionException("DELETE_SEQS body length does not match its count: count=" + n
                    + " length=" + b.limit());
        }
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = b.getLong(SEQS + 8 * i);
        }
        return seqs;
    }
}
