package dev.seqlog.core.queues;

import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.LeaseBody;
import dev.seqlog.core.internal.format.QueueSection;
import dev.seqlog.core.internal.topic.TopicJobs;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * How a queue's lease state is persisted: the EXTENDED and RELEASED frames of single transitions (a claim
 * pass builds its own CLAIMED frame), their replay, and the snapshot section. Replay and restore go through
 * the same {@link LeaseTable} transitions as live operations.
 *
 * <p>Stateless; the table it works on is guarded by the queue topic's lock.
 */
final class LeaseLog {
    private LeaseLog() {
    }

    /**
     * @param kind {@link LeaseBody#EXTENDED} or {@link LeaseBody#RELEASED}
     * @param entries the entries after the transition
     * @return the frame
     */
    static TopicJobs.Frame frame(byte kind, List<JobEntry> entries) {
        int n = entries.size();
        long[] seqs = new long[n];
        long[] ids = new long[n];
        long[] times = new long[n];
        int[] deliveries = new int[n];
        short[] holders = new short[n];
        for (int i = 0; i < n; i++) {
            JobEntry e = entries.get(i);
            seqs[i] = e.seq;
            ids[i] = e.leaseId;
            times[i] = kind == LeaseBody.RELEASED ? e.readyAt : e.deadline;
            deliveries[i] = e.deliveries;
        }
        return (id, lsn) -> LeaseBody.encode(id, lsn, kind, List.of(), n, seqs, ids, times, deliveries, holders);
    }

    /**
     * @param entries every entry of a queue that switches to durable leases
     * @return an IMAGE frame of them
     */
    static TopicJobs.Frame image(List<JobEntry> entries) {
        int n = entries.size();
        long[] seqs = new long[n];
        long[] ids = new long[n];
        long[] times = new long[n];
        int[] deliveries = new int[n];
        short[] holderIndex = new short[n];
        List<String> holders = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            JobEntry e = entries.get(i);
            seqs[i] = e.seq;
            deliveries[i] = e.deliveries;
            if (e.state == JobEntry.LEASED) {
                int h = holders.indexOf(e.holder);
                if (h < 0) {
                    holders.add(e.holder);
                    h = holders.size() - 1;
                }
                ids[i] = e.leaseId;
                times[i] = e.deadline;
                holderIndex[i] = (short) h;
            } else {
                times[i] = e.readyAt;
            }
        }
        return (id, lsn) -> LeaseBody.encode(id, lsn, LeaseBody.IMAGE, holders, n, seqs, ids, times, deliveries,
                holderIndex);
    }

    /**
     * Re-applies a LEASES frame. Events about jobs that are gone are ignored.
     *
     * @param table the lease state
     * @param jobs the topic
     * @param body the frame body
     * @throws CorruptionException if it does not decode
     */
    static void replay(LeaseTable table, TopicJobs jobs, ByteBuffer body) throws CorruptionException {
        LeaseBody.Reader r = new LeaseBody.Reader().wrap(body);
        byte kind = r.kind();
        while (r.next()) {
            long seq = r.seq();
            if (seq < jobs.earliest()) {
                continue;
            }
            JobEntry e = table.get(seq);
            if (kind == LeaseBody.IMAGE) {
                if (r.leaseId() != 0) {
                    table.lease(seq, r.deliveries(), r.holder(), r.leaseId(), r.time(), null);
                } else {
                    table.release(table.lease(seq, r.deliveries(), "", 0, 0, null), r.time());
                }
            } else if (kind == LeaseBody.CLAIMED) {
                table.lease(seq, r.deliveries(), r.holder(), r.leaseId(), r.time(), null);
            } else if (e != null && e.state == JobEntry.LEASED) {
                if (kind == LeaseBody.EXTENDED && e.leaseId == r.leaseId()) {
                    table.extend(e, r.time());
                } else if (kind == LeaseBody.RELEASED) {
                    table.release(e, r.time());
                }
            }
        }
    }

    /**
     * @param table the lease state
     * @param topicId the topic id
     * @param deadLettered the dead-letter counter
     * @param durable whether the lease entries are persisted
     * @return the section content
     */
    static ByteBuffer capture(LeaseTable table, long topicId, long deadLettered, boolean durable) {
        QueueSection.Writer w = new QueueSection.Writer(topicId, deadLettered, durable ? table.size() : 0);
        if (durable) {
            for (JobEntry e : table.all()) {
                if (e.state == JobEntry.LEASED) {
                    w.entry(e.seq, e.deliveries, QueueSection.LEASED, e.leaseId, e.deadline, e.holder);
                } else {
                    w.entry(e.seq, e.deliveries, QueueSection.RELEASED, 0, e.readyAt, null);
                }
            }
        }
        return w.finish();
    }

    /**
     * Restores a section into an empty table.
     *
     * @param table the lease state
     * @param content the section content
     * @return the dead-letter counter it held
     * @throws CorruptionException if it does not decode
     */
    static long restore(LeaseTable table, ByteBuffer content) throws CorruptionException {
        QueueSection.Reader r = new QueueSection.Reader(content);
        while (r.next()) {
            if (r.state() == QueueSection.LEASED) {
                table.lease(r.seq(), r.deliveries(), r.holder(), r.leaseId(), r.time(), null);
            } else {
                table.release(table.lease(r.seq(), r.deliveries(), "", 0, 0, null), r.time());
            }
        }
        return r.deadLettered();
    }
}
