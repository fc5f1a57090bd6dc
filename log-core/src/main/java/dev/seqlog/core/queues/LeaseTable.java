package dev.seqlog.core.queues;

import dev.seqlog.api.LeaseRequest;
import dev.seqlog.core.internal.notify.IndexedHeap;
import dev.seqlog.core.internal.topic.TopicJobs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lease state machine of one queue (SEMANTICS §13.2): the entries of jobs delivered at least once, the
 * ready set of those among them that a claim may take, and the in-flight and delayed counters. Expiry is lazy:
 * a lease or a nack delay is counted until {@link #settle} sees its time pass, and only then does the job join
 * the ready set; no timer runs per job. Every transition counts first and lets {@code settle} collect, so
 * live operations and replay share one path.
 *
 * <p>Never-delivered jobs have no entry: every live job below {@link #freshFrom} has one, every job at or above
 * it has none unless it was restored, so a claim pass walks the topic from there for fresh work.
 *
 * <p>Not thread-safe: guarded by the queue topic's lock.
 */
final class LeaseTable {
    private final TreeMap<Long, JobEntry> entries = new TreeMap<>();
    private final TreeSet<Long> ready = new TreeSet<>();
    private final IndexedHeap<JobEntry> due = new IndexedHeap<>();
    private long inFlight;
    private long delayed;
    /** Every live job below it has an entry. */
    long freshFrom;

    /** @return jobs under a lease that {@link #settle} has not seen expire */
    long inFlight() {
        return inFlight;
    }

    /** @return jobs waiting out a nack delay that {@link #settle} has not seen end */
    long delayed() {
        return delayed;
    }

    /** @return entries waiting for a deadline or a delay to pass */
    int pending() {
        return due.size();
    }

    /** @return entries held */
    int size() {
        return entries.size();
    }

    /** @return the entry of {@code seq}, or null for a job never delivered (or gone) */
    JobEntry get(long seq) {
        return entries.get(seq);
    }

    /** @return all entries, ascending by seq */
    Iterable<JobEntry> all() {
        return entries.values();
    }

    /** @return the ready set: previously delivered jobs a claim may take, ascending by seq */
    Iterable<Long> readySeqs() {
        return ready;
    }

    /**
     * Collects every lease whose deadline passed ({@code now > deadline}) and every delay that ended
     * ({@code now >= readyAt}): those jobs join the ready set. A lease stays current after it expires.
     *
     * @param now the clock reading
     */
    void settle(long now) {
        JobEntry e;
        while ((e = due.peek()) != null && e.key() <= now) {
            uncount(e);
            e.inReady = true;
            ready.add(e.seq);
        }
    }

    /** @return the earliest time {@link #settle} would change something, or Long.MAX_VALUE */
    long nextChange() {
        JobEntry e = due.peek();
        return e == null ? Long.MAX_VALUE : e.key();
    }

    /**
     * Leases a job (a claim, or its replay): the entry is created for a fresh job, the counter is set, and a
     * lease the job had is replaced.
     *
     * @param seq the job
     * @param deliveries its delivery count with this lease
     * @param holder the new holder
     * @param leaseId the new lease id
     * @param deadline the lease deadline
     * @param feed the push subscription it goes to, or null
     * @return the entry
     */
    JobEntry lease(long seq, int deliveries, String holder, long leaseId, long deadline, WorkFeed feed) {
        JobEntry e = entries.get(seq);
        if (e == null) {
            e = new JobEntry(seq);
            entries.put(seq, e);
        } else {
            leave(e);
        }
        e.deliveries = deliveries;
        e.state = JobEntry.LEASED;
        e.holder = holder;
        e.leaseId = leaseId;
        e.deadline = deadline;
        e.readyAt = 0;
        e.counted = true;
        inFlight++;
        due.set(e, deadline + 1);
        e.feed = feed;
        if (feed != null) {
            feed.pushed(e);
        }
        return e;
    }

    /**
     * Ends a job's lease without an ack (nack, a push connection's release, or their replay): it is ready at
     * {@code readyAt}, its counter unchanged.
     *
     * @param e a leased entry
     * @param readyAt when it may be claimed again
     */
    void release(JobEntry e, long readyAt) {
        leave(e);
        e.state = JobEntry.RELEASED;
        e.holder = null;
        e.leaseId = 0;
        e.deadline = 0;
        e.readyAt = readyAt;
        e.counted = true;
        delayed++;
        due.set(e, readyAt);
    }

    /**
     * Moves a lease's deadline (extend, or its replay); a lease that had expired is in flight again.
     *
     * @param e a leased entry
     * @param deadline the new deadline
     */
    void extend(JobEntry e, long deadline) {
        e.deadline = deadline;
        if (!e.counted) {
            if (e.inReady) {
                e.inReady = false;
                ready.remove(e.seq);
            }
            e.counted = true;
            inFlight++;
            if (e.feed != null) {
                e.feed.revived(e);
            }
        }
        due.set(e, deadline + 1);
    }

    /**
     * Puts back an entry as it was before a transition that could not be made durable.
     *
     * @param before a copy of the entry before, or null if the job had none
     * @param seq the job
     */
    void undo(JobEntry before, long seq) {
        JobEntry e = entries.get(seq);
        if (e != null) {
            leave(e);
            entries.remove(seq);
        }
        if (before == null) {
            freshFrom = Math.min(freshFrom, seq);
            return;
        }
        if (before.state == JobEntry.LEASED) {
            lease(seq, before.deliveries, before.holder, before.leaseId, before.deadline, null);
        } else {
            release(lease(seq, before.deliveries, "", 0, 0, null), before.readyAt);
        }
    }

    /** The job stopped being live: its lease state goes with it. */
    void removed(long seq) {
        JobEntry e = entries.remove(seq);
        if (e != null) {
            leave(e);
        }
    }

    /** Every job below {@code earliest} is gone (evicted, expired, deleted). */
    void trimBelow(long earliest) {
        if (entries.isEmpty() || entries.firstKey() >= earliest) {
            return;
        }
        NavigableMap<Long, JobEntry> gone = entries.headMap(earliest, false);
        List<JobEntry> copy = new ArrayList<>(gone.values());
        gone.clear();
        for (JobEntry e : copy) {
            leave(e);
        }
    }

    /** Drops everything (a restart without durable leases, or the topic's end). */
    void clear() {
        for (Iterator<Map.Entry<Long, JobEntry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            leave(it.next().getValue());
            it.remove();
        }
        due.clear();
        inFlight = 0;
        delayed = 0;
    }

    /** Takes a counted entry out of the in-flight or delayed counter and out of the due heap. */
    private void uncount(JobEntry e) {
        due.remove(e);
        if (!e.counted) {
            return;
        }
        if (e.state == JobEntry.LEASED) {
            inFlight--;
            if (e.feed != null) {
                e.feed.expired(e);
            }
        } else {
            delayed--;
        }
        e.counted = false;
    }

    /** Takes an entry out of the counters, the ready set and its push subscription, before it changes. */
    private void leave(JobEntry e) {
        uncount(e);
        if (e.inReady) {
            e.inReady = false;
            ready.remove(e.seq);
        }
        if (e.feed != null) {
            e.feed.forget(e);
            e.feed = null;
        }
        e.moving = false;
    }

    /**
     * The jobs of a request that its node holds (matching its lease ids when given), in request order; the rest,
     * repeats included, go to {@code skipped} (API §10.2).
     */
    List<JobEntry> held(LeaseRequest r, TopicJobs jobs, List<Long> skipped) {
        List<JobEntry> out = new ArrayList<>(r.size());
        Set<Long> seen = r.size() > 1 ? new HashSet<>() : null;
        List<String> fences = r.leaseIds();
        for (int i = 0; i < r.size(); i++) {
            long seq = r.seq(i);
            if (seen != null && !seen.add(seq)) {
                skipped.add(seq);
                continue;
            }
            JobEntry e = entries.get(seq);
            boolean held = e != null && e.state == JobEntry.LEASED && e.holder.equals(r.node())
                    && (fences == null || LeaseIds.parse(fences.get(i)) == e.leaseId) && jobs.isLive(seq);
            if (held) {
                out.add(e);
            } else {
                skipped.add(seq);
            }
        }
        return out;
    }

    /** @return each entry as {@code seq -> "deliveries state holder leaseId time"} */
    java.util.SortedMap<Long, String> describe() {
        java.util.SortedMap<Long, String> out = new TreeMap<>();
        for (JobEntry e : entries.values()) {
            out.put(e.seq, e.deliveries + (e.state == JobEntry.LEASED
                    ? " leased " + e.holder + " " + LeaseIds.format(e.leaseId) + " " + e.deadline
                    : " released - - " + e.readyAt));
        }
        return out;
    }

    /** @return a copy of an entry's fields, for {@link #undo} */
    static JobEntry copy(JobEntry e) {
        if (e == null) {
            return null;
        }
        JobEntry c = new JobEntry(e.seq);
        c.deliveries = e.deliveries;
        c.state = e.state;
        c.holder = e.holder;
        c.leaseId = e.leaseId;
        c.deadline = e.deadline;
        c.readyAt = e.readyAt;
        return c;
    }
}
