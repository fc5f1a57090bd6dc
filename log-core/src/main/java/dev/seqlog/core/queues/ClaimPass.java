package dev.seqlog.core.queues;

import dev.seqlog.api.Job;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.internal.format.LeaseBody;
import dev.seqlog.core.internal.topic.TopicJobs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One claim pass (SEMANTICS §13.3) over a queue, run as one critical section under the topic's lock: it
 * lists the available jobs (previously delivered ones first, then fresh ones, each in ascending seq), sets
 * aside those due for the dead-letter topic, deals the rest round-robin to the claimers in arrival order, and
 * leases each job it hands out. It keeps what a durable queue logs and what undoing the pass needs.
 *
 * <p>Not thread-safe: confined to the thread running the pass, under the lock.
 */
final class ClaimPass {
    /**
     * A job due for the dead-letter topic, and the copy of its record to move.
     *
     * @param seq the job
     * @param record its record
     * @param deliveries its delivery counter
     */
    record Move(long seq, TopicRecord record, int deliveries) {
    }

    final List<Move> moves = new ArrayList<>();
    private final List<String> holders = new ArrayList<>();
    private int n;
    private long[] seqs = new long[16];
    private long[] leaseIds = new long[16];
    private long[] deadlines = new long[16];
    private int[] deliveries = new int[16];
    private short[] holderIndex = new short[16];
    private final List<JobEntry> before = new ArrayList<>();

    /**
     * Runs the pass: every claimer's {@code got} is filled, ascending by seq.
     *
     * @param table the lease state, settled at {@code now}
     * @param jobs the topic
     * @param ids lease ids
     * @param claimers the claimers in arrival order
     * @param now the pass time
     * @param keepUndo whether to keep what {@link #undo} needs
     */
    void run(LeaseTable table, TopicJobs jobs, LeaseIds ids, List<Claimer> claimers, long now, boolean keepUndo) {
        int demand = 0;
        for (Claimer c : claimers) {
            demand += c.want;
        }
        List<Long> available = available(table, jobs, demand);
        int k = 0;
        boolean dealt = true;
        while (k < available.size() && dealt) {
            dealt = false;
            for (int i = 0; i < claimers.size() && k < available.size(); i++) {
                Claimer c = claimers.get(i);
                if (c.got.size() < c.want) {
                    hand(table, jobs, ids, c, available.get(k++), now, keepUndo);
                    dealt = true;
                }
            }
        }
        for (Claimer c : claimers) {
            c.got.sort(Comparator.comparingLong(Job::seq));
        }
    }

    /** Lists up to {@code demand} available jobs, marking those due for the dead-letter topic as moving. */
    private List<Long> available(LeaseTable table, TopicJobs jobs, int demand) {
        List<Long> out = new ArrayList<>(Math.min(demand, 1024));
        TopicConfig cfg = jobs.config();
        long maxDeliveries = cfg.maxDeliveries();
        boolean deadLetter = maxDeliveries > 0 && cfg.deadLetter() != null;
        for (long seq : table.readySeqs()) {
            if (out.size() >= demand) {
                return out;
            }
            JobEntry e = table.get(seq);
            if (e.moving || !jobs.isLive(seq)) {
                continue; // not yet visible after a restart, or its move is under way
            }
            if (deadLetter && e.deliveries >= maxDeliveries) {
                e.moving = true;
                moves.add(new Move(seq, jobs.record(seq), e.deliveries));
                continue;
            }
            out.add(seq);
        }
        long s = Math.max(table.freshFrom, jobs.earliest());
        while (out.size() < demand) {
            s = jobs.nextLive(s);
            if (s < 0) {
                s = jobs.visibleHead() + 1;
                break;
            }
            if (table.get(s) == null) {
                out.add(s);
            }
            s++;
        }
        table.freshFrom = Math.max(table.freshFrom, s);
        return out;
    }

    private void hand(LeaseTable table, TopicJobs jobs, LeaseIds ids, Claimer c, long seq, long now,
                      boolean keepUndo) {
        JobEntry prior = table.get(seq);
        if (keepUndo) {
            before.add(LeaseTable.copy(prior));
        }
        int d = (prior == null ? 0 : prior.deliveries) + 1;
        long id = ids.next();
        long deadline = now + (c.leaseMs > 0 ? c.leaseMs : jobs.config().leaseMs());
        table.lease(seq, d, c.node, id, deadline, c.feed);
        c.got.add(new Job(jobs.record(seq), LeaseIds.format(id), deadline, d));
        add(seq, id, deadline, d, holder(c.node));
    }

    private short holder(String node) {
        int i = holders.indexOf(node);
        if (i < 0) {
            holders.add(node);
            i = holders.size() - 1;
        }
        return (short) i;
    }

    private void add(long seq, long id, long deadline, int d, short h) {
        if (n == seqs.length) {
            int cap = n * 2;
            seqs = java.util.Arrays.copyOf(seqs, cap);
            leaseIds = java.util.Arrays.copyOf(leaseIds, cap);
            deadlines = java.util.Arrays.copyOf(deadlines, cap);
            deliveries = java.util.Arrays.copyOf(deliveries, cap);
            holderIndex = java.util.Arrays.copyOf(holderIndex, cap);
        }
        seqs[n] = seq;
        leaseIds[n] = id;
        deadlines[n] = deadline;
        deliveries[n] = d;
        holderIndex[n] = h;
        n++;
    }

    /** @return jobs leased by the pass */
    int leased() {
        return n;
    }

    /** @return the CLAIMED frame of the pass */
    TopicJobs.Frame frame() {
        return (id, lsn) -> encode(id, lsn);
    }

    private ByteBuffer encode(long id, long lsn) {
        return LeaseBody.encode(id, lsn, LeaseBody.CLAIMED, holders, n, seqs, leaseIds, deadlines, deliveries,
                holderIndex);
    }

    /**
     * Takes back every lease of the pass that is still current: the jobs are as before it.
     *
     * @param table the lease state
     */
    void undo(LeaseTable table) {
        for (int i = n - 1; i >= 0; i--) {
            JobEntry e = table.get(seqs[i]);
            if (e != null && e.state == JobEntry.LEASED && e.leaseId == leaseIds[i]) {
                table.undo(before.get(i), seqs[i]);
            }
        }
    }
}
