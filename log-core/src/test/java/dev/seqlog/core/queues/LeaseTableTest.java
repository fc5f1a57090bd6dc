package dev.seqlog.core.queues;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease table's bookkeeping: what settle collects, and that finished jobs leave nothing behind. */
class LeaseTableTest {

    @Test
    void settleCollectsLeasesAfterTheirDeadlineAndDelaysAtTheirEnd() {
        LeaseTable t = new LeaseTable();
        JobEntry a = t.lease(1, 1, "w", 11, 1000, null);
        JobEntry b = t.lease(2, 1, "w", 12, 500, null);
        t.release(b, 700);
        assertEquals(1, t.inFlight());
        assertEquals(1, t.delayed());
        assertEquals(700, t.nextChange());
        t.settle(699);
        assertEquals(1, t.delayed());
        t.settle(700);
        assertEquals(0, t.delayed());
        assertEquals(List.of(2L), seqs(t));
        t.settle(1000);
        assertEquals(1, t.inFlight(), "a lease is in flight while now <= deadline");
        t.settle(1001);
        assertEquals(0, t.inFlight());
        assertEquals(List.of(1L, 2L), seqs(t));
        t.extend(a, 5000);
        assertEquals(1, t.inFlight());
        assertEquals(List.of(2L), seqs(t), "an extended lease leaves the ready set");
        assertEquals(5001, t.nextChange());
    }

    @Test
    void finishedJobsLeaveNoPendingDeadlineBehind() {
        LeaseTable t = new LeaseTable();
        for (long s = 1; s <= 1000; s++) {
            t.lease(s, 1, "w", s, 30_000, null);
        }
        assertEquals(1000, t.pending());
        for (long s = 1; s <= 1000; s += 2) {
            t.removed(s); // acked
        }
        t.trimBelow(501);
        assertEquals(250, t.pending());
        assertEquals(250, t.inFlight());
        assertEquals(250, t.size());
        for (long s = 502; s <= 1000; s += 2) {
            t.extend(t.get(s), 40_000 + s);
        }
        assertEquals(250, t.pending(), "moving a deadline does not add a node");
        t.clear();
        assertEquals(0, t.pending());
        assertEquals(Long.MAX_VALUE, t.nextChange());
    }

    @Test
    void undoPutsBackTheStateBeforeAndAFreshJobBecomesFreshAgain() {
        LeaseTable t = new LeaseTable();
        t.freshFrom = 10;
        JobEntry before = LeaseTable.copy(t.get(4));
        t.lease(4, 1, "w", 99, 1000, null);
        t.undo(before, 4);
        assertFalse(t.all().iterator().hasNext());
        assertEquals(4, t.freshFrom);
        JobEntry e = t.lease(5, 2, "w", 7, 1000, null);
        JobEntry copy = LeaseTable.copy(e);
        t.lease(5, 3, "x", 8, 2000, null);
        t.undo(copy, 5);
        assertTrue(t.get(5).holder.equals("w") && t.get(5).leaseId == 7 && t.get(5).deliveries == 2);
        assertEquals(1, t.inFlight());
    }

    private static List<Long> seqs(LeaseTable t) {
        List<Long> out = new ArrayList<>();
        t.readySeqs().forEach(out::add);
        return out;
    }
}
