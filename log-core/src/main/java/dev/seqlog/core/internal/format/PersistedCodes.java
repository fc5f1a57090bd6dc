package dev.seqlog.core.internal.format;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicType;

/**
 * The byte every persisted enum constant is stored as. Codes are explicit and never change: a constant's
 * position in its enum ({@code ordinal()}) never reaches a file, so reordering or extending a public enum
 * cannot change what existing files mean. The encoders are exhaustive switches, so a constant added to one of
 * these enums does not compile here until it has a code; a decoder refuses a code it does not know.
 *
 * <pre>
 *  enum                       where                     codes
 *  TombstoneReason            snapshot loss ranges      CAP 0, TTL 1, MIXED 2, RECREATED 3, SOURCE_TRIM 4,
 *                                                       RESTART 5, FROM_SEQ_TOO_OLD 6
 *  Durability                 topic config              EPHEMERAL 0, MEMORY 1, DISK 2, FSYNC 3
 *  Discard                    topic config              OLD 0, REJECT 1
 *  TopicType                  topic config              LOG 0, QUEUE 1
 *  delete match kind          DELETE frame              none 0, Eq 1, prefix 2
 *  segment tier               snapshot segment list     data directory 0, cold directory 1, object store 2
 * </pre>
 *
 * <p>The codes of TombstoneReason are the ordinals the first snapshot format happened to store, frozen.
 *
 * <p>Stateless; thread-safe.
 */
public final class PersistedCodes {
    /** Delete match kind: no match, every record below the bound. */
    public static final byte MATCH_NONE = 0;
    /** Delete match kind: tag equals the value. */
    public static final byte MATCH_EQ = 1;
    /** Delete match kind: tag starts with the value. */
    public static final byte MATCH_PREFIX = 2;
    /** Segment tier: the data directory. */
    public static final byte TIER_DATA = 0;
    /** Segment tier: the cold directory. */
    public static final byte TIER_COLD = 1;
    /** Segment tier: the object store (the segment list then carries the object id). */
    public static final byte TIER_OBJECTS = 2;

    private PersistedCodes() {
    }

    /**
     * @param r a reason
     * @return its code
     */
    public static byte code(TombstoneReason r) {
        return switch (r) {
            case CAP -> 0;
            case TTL -> 1;
            case MIXED -> 2;
            case RECREATED -> 3;
            case SOURCE_TRIM -> 4;
            case RESTART -> 5;
            case FROM_SEQ_TOO_OLD -> 6;
        };
    }

    /**
     * @param code a stored code
     * @return its reason
     * @throws CorruptionException for an unknown code
     */
    public static TombstoneReason reason(byte code) throws CorruptionException {
        return switch (code) {
            case 0 -> TombstoneReason.CAP;
            case 1 -> TombstoneReason.TTL;
            case 2 -> TombstoneReason.MIXED;
            case 3 -> TombstoneReason.RECREATED;
            case 4 -> TombstoneReason.SOURCE_TRIM;
            case 5 -> TombstoneReason.RESTART;
            case 6 -> TombstoneReason.FROM_SEQ_TOO_OLD;
            default -> throw unknown("tombstone reason", code);
        };
    }

    /**
     * @param d a class
     * @return its code
     */
    public static byte code(Durability d) {
        return switch (d) {
            case EPHEMERAL -> 0;
            case MEMORY -> 1;
            case DISK -> 2;
            case FSYNC -> 3;
        };
    }

    /**
     * @param code a stored code
     * @return its durability class
     * @throws CorruptionException for an unknown code
     */
    public static Durability durability(byte code) throws CorruptionException {
        return switch (code) {
            case 0 -> Durability.EPHEMERAL;
            case 1 -> Durability.MEMORY;
            case 2 -> Durability.DISK;
            case 3 -> Durability.FSYNC;
            default -> throw unknown("durability", code);
        };
    }

    /**
     * @param d a discard policy
     * @return its code
     */
    public static byte code(Discard d) {
        return switch (d) {
            case OLD -> 0;
            case REJECT -> 1;
        };
    }

    /**
     * @param code a stored code
     * @return its discard policy
     * @throws CorruptionException for an unknown code
     */
    public static Discard discard(byte code) throws CorruptionException {
        return switch (code) {
            case 0 -> Discard.OLD;
            case 1 -> Discard.REJECT;
            default -> throw unknown("discard", code);
        };
    }

    /**
     * @param t a topic type
     * @return its code
     */
    public static byte code(TopicType t) {
        return switch (t) {
            case LOG -> 0;
            case QUEUE -> 1;
        };
    }

    /**
     * @param code a stored code
     * @return its topic type
     * @throws CorruptionException for an unknown code
     */
    public static TopicType type(byte code) throws CorruptionException {
        return switch (code) {
            case 0 -> TopicType.LOG;
            case 1 -> TopicType.QUEUE;
            default -> throw unknown("topic type", code);
        };
    }

    /**
     * @param m a delete's tag match, or null for none
     * @return its match kind code
     */
    public static byte matchCode(TagMatch m) {
        return m == null ? MATCH_NONE : m.prefix() ? MATCH_PREFIX : MATCH_EQ;
    }

    /**
     * @param code a stored match kind
     * @return the same code, known to be valid
     * @throws CorruptionException for an unknown code
     */
    public static byte matchKind(byte code) throws CorruptionException {
        if (code != MATCH_NONE && code != MATCH_EQ && code != MATCH_PREFIX) {
            throw unknown("delete match kind", code);
        }
        return code;
    }

    /**
     * @param cold whether a segment lives in the cold directory
     * @return its tier code
     */
    public static byte tierCode(boolean cold) {
        return cold ? TIER_COLD : TIER_DATA;
    }

    /**
     * @param code a stored tier code
     * @return whether it names the cold directory
     * @throws CorruptionException for an unknown code
     */
    public static boolean cold(byte code) throws CorruptionException {
        if (code != TIER_DATA && code != TIER_COLD && code != TIER_OBJECTS) {
            throw unknown("segment tier", code);
        }
        return code == TIER_COLD;
    }

    private static CorruptionException unknown(String kind, byte code) {
        return new CorruptionException("unknown persisted code: kind=" + kind + " code=" + code);
    }
}
