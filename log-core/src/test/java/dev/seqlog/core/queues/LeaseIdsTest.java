package dev.seqlog.core.queues;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lease ids: a single node's are salted at random; ids from the log follow from the entry index alone. */
class LeaseIdsTest {

    private static List<Long> mint(LeaseIds ids, long index, int n) {
        ids.applying(index);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ids.next());
        }
        return out;
    }

    @Test
    void idsFromTheLogAreTheSameOnEveryReplicaAndNeverRepeat() {
        LeaseIds a = LeaseIds.fromLog();
        LeaseIds b = LeaseIds.fromLog();
        Set<Long> seen = new HashSet<>();
        for (long index = 1; index <= 200; index++) {
            List<Long> fromA = mint(a, index, 50);
            assertEquals(fromA, mint(b, index, 50), "entry " + index);
            for (long id : fromA) {
                assertNotEquals(0, id);
                assertTrue(seen.add(id), "repeated " + LeaseIds.format(id));
            }
        }
        // a replica restarted from a checkpoint starts minting at the next entry, as the others do
        LeaseIds restarted = LeaseIds.fromLog();
        assertEquals(mint(a, 201, 3), mint(restarted, 201, 3));
        assertThrows(IllegalArgumentException.class, () -> a.applying(0));
    }

    @Test
    void aSingleNodeQueueSaltsItsIdsAtRandom() {
        assertNotEquals(LeaseIds.random().next(), LeaseIds.random().next());
        long id = LeaseIds.random().next();
        assertEquals(id, LeaseIds.parse(LeaseIds.format(id)));
    }
}
