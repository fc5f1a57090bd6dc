package dev.seqlog.core.internal.format;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code tables: every constant has its frozen code, and every other code is refused. */
class PersistedCodesTest {
    private static void assertUnknown(String kind, byte code, Executable decode) {
        CorruptionException e = assertThrows(CorruptionException.class, decode::run);
        assertEquals("unknown persisted code: kind=" + kind + " code=" + code, e.getMessage());
    }

    @FunctionalInterface
    private interface Executable {
        void run() throws Exception;
    }

    @Test
    void tombstoneReasonsKeepTheCodesTheFirstSnapshotFormatStored() throws Exception {
        Map<TombstoneReason, Integer> frozen = Map.of(TombstoneReason.CAP, 0, TombstoneReason.TTL, 1,
                TombstoneReason.MIXED, 2, TombstoneReason.RECREATED, 3, TombstoneReason.SOURCE_TRIM, 4,
                TombstoneReason.RESTART, 5, TombstoneReason.FROM_SEQ_TOO_OLD, 6);
        assertEquals(TombstoneReason.values().length, frozen.size(), "a new reason needs a code and a test");
        for (TombstoneReason r : TombstoneReason.values()) {
            assertEquals((int) frozen.get(r), PersistedCodes.code(r), r.name());
            assertEquals(r, PersistedCodes.reason(PersistedCodes.code(r)));
        }
        for (int c : new int[] {7, 8, 127, -1, -128}) {
            assertUnknown("tombstone reason", (byte) c, () -> PersistedCodes.reason((byte) c));
        }
    }

    @Test
    void durabilityClasses() throws Exception {
        Map<Durability, Integer> frozen = Map.of(Durability.EPHEMERAL, 0, Durability.MEMORY, 1, Durability.DISK, 2,
                Durability.FSYNC, 3);
        assertEquals(Durability.values().length, frozen.size());
        for (Durability d : Durability.values()) {
            assertEquals((int) frozen.get(d), PersistedCodes.code(d), d.name());
            assertEquals(d, PersistedCodes.durability(PersistedCodes.code(d)));
        }
        for (int c : new int[] {4, -1, 100}) {
            assertUnknown("durability", (byte) c, () -> PersistedCodes.durability((byte) c));
        }
    }

    @Test
    void discardPoliciesAndTopicTypes() throws Exception {
        assertEquals(2, Discard.values().length);
        assertEquals(0, PersistedCodes.code(Discard.OLD));
        assertEquals(1, PersistedCodes.code(Discard.REJECT));
        for (Discard d : Discard.values()) {
            assertEquals(d, PersistedCodes.discard(PersistedCodes.code(d)));
        }
        assertUnknown("discard", (byte) 2, () -> PersistedCodes.discard((byte) 2));
        assertEquals(2, TopicType.values().length);
        assertEquals(0, PersistedCodes.code(TopicType.LOG));
        assertEquals(1, PersistedCodes.code(TopicType.QUEUE));
        for (TopicType t : TopicType.values()) {
            assertEquals(t, PersistedCodes.type(PersistedCodes.code(t)));
        }
        assertUnknown("topic type", (byte) 2, () -> PersistedCodes.type((byte) 2));
        assertUnknown("topic type", (byte) -1, () -> PersistedCodes.type((byte) -1));
    }

    @Test
    void deleteMatchKinds() throws Exception {
        assertEquals(0, PersistedCodes.matchCode(null));
        assertEquals(1, PersistedCodes.matchCode(TagMatch.eq("x")));
        assertEquals(2, PersistedCodes.matchCode(TagMatch.glob("x*")));
        Set<Byte> codes = new HashSet<>();
        for (byte c : new byte[] {PersistedCodes.MATCH_NONE, PersistedCodes.MATCH_EQ, PersistedCodes.MATCH_PREFIX}) {
            assertEquals(c, PersistedCodes.matchKind(c));
            codes.add(c);
        }
        assertEquals(3, codes.size());
        assertUnknown("delete match kind", (byte) 3, () -> PersistedCodes.matchKind((byte) 3));
        assertUnknown("delete match kind", (byte) -1, () -> PersistedCodes.matchKind((byte) -1));
    }

    @Test
    void segmentTiers() throws Exception {
        assertEquals(0, PersistedCodes.tierCode(false));
        assertEquals(1, PersistedCodes.tierCode(true));
        assertFalse(PersistedCodes.cold(PersistedCodes.TIER_DATA));
        assertTrue(PersistedCodes.cold(PersistedCodes.TIER_COLD));
        assertFalse(PersistedCodes.cold(PersistedCodes.TIER_OBJECTS), "an object is not in the cold directory");
        assertEquals(2, PersistedCodes.TIER_OBJECTS);
        assertUnknown("segment tier", (byte) 3, () -> PersistedCodes.cold((byte) 3));
    }
}
