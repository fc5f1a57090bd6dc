package dev.seqlog.core.queues;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A small, obviously correct model of a queue's jobs and leases (SEMANTICS §13.2–§13.5), for the property test:
 * every job is a plain object, every rule a few lines, nothing lazy.
 *
 * <p>Not thread-safe.
 */
final class LeaseModel {
    /** One live job. */
    static final class Job {
        final long seq;
        int deliveries;
        String holder;
        String leaseId;
        long deadline;
        long readyAt;

        Job(long seq) {
            this.seq = seq;
        }

        boolean inFlight(long now) {
            return holder != null && now <= deadline;
        }

        boolean delayed(long now) {
            return holder == null && readyAt > now;
        }

        boolean ready(long now) {
            return !inFlight(now) && !delayed(now);
        }
    }

    final TreeMap<Long, Job> jobs = new TreeMap<>();
    long nextSeq = 1;

    void append(int n) {
        for (int i = 0; i < n; i++) {
            jobs.put(nextSeq, new Job(nextSeq));
            nextSeq++;
        }
    }

    /** @return the seqs a greedy claim of {@code max} takes: reclaimed jobs first, then fresh, each ascending */
    List<Long> claim(String node, int max, long leaseMs, long now) {
        List<Long> order = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (j.ready(now) && j.deliveries > 0) {
                order.add(j.seq);
            }
        }
        for (Job j : jobs.values()) {
            if (j.ready(now) && j.deliveries == 0) {
                order.add(j.seq);
            }
        }
        List<Long> taken = new ArrayList<>(order.subList(0, Math.min(max, order.size())));
        for (long s : taken) {
            Job j = jobs.get(s);
            j.deliveries++;
            j.holder = node;
            j.leaseId = null; // learnt from the engine's answer
            j.deadline = now + leaseMs;
            j.readyAt = 0;
        }
        taken.sort(Long::compare);
        return taken;
    }

    boolean held(long seq, String node, String fence) {
        Job j = jobs.get(seq);
        return j != null && node.equals(j.holder) && (fence == null || fence.equals(j.leaseId));
    }

    void ack(long seq) {
        jobs.remove(seq);
    }

    void nack(long seq, long readyAt) {
        Job j = jobs.get(seq);
        j.holder = null;
        j.leaseId = null;
        j.readyAt = readyAt;
    }

    void extend(long seq, long deadline) {
        jobs.get(seq).deadline = deadline;
    }

    long ready(long now) {
        return jobs.values().stream().filter(j -> j.ready(now)).count();
    }

    long inFlight(long now) {
        return jobs.values().stream().filter(j -> j.inFlight(now)).count();
    }
}
