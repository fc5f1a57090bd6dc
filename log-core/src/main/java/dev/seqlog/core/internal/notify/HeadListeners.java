package dev.seqlog.core.internal.notify;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listeners of one topic instance, indexed by the seq each waits after. A publish of a new visible
 * head {@code h} takes exactly the buckets below {@code h}: the cost is proportional to the listeners it
 * wakes, an idle listener costs nothing, and a publish with no listener takes no lock. A cancelled or
 * timed-out wait leaves the index at once.
 *
 * <p>Thread-safe. The head (raised atomically, never lowered) and the listener count are volatile, so a
 * publisher that finds no listener can skip the monitor: an arming thread increments the count before it
 * checks the head, a publisher raises the head before it checks the count, so one of them sees the other.
 */
public final class HeadListeners {
    /** Listeners waiting after one seq: a doubly-linked list through the listeners themselves. */
    static final class Bucket {
        Listener first;
    }

    /** No deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Deadlines deadlines;
    private final TreeMap<Long, Bucket> byAfter = new TreeMap<>();
    private final AtomicLong head;
    private volatile int size;
    private boolean ended;

    /**
     * @param deadlines times out waits with a deadline
     * @param head the visible head to start from
     */
    public HeadListeners(Deadlines deadlines, long head) {
        this.deadlines = deadlines;
        this.head = new AtomicLong(head);
    }

    /** @return listeners armed now */
    public int size() {
        return size;
    }

    /**
     * Arms {@code l} until the visible head passes {@code afterSeq}, the deadline passes, or the topic ends.
     *
     * @param l a listener that is not armed
     * @param afterSeq the head the caller has seen
     * @param deadline engine-clock millis, or {@link #NO_DEADLINE}
     * @return false if the head is already past {@code afterSeq} or the topic ended: nothing was armed, the
     *         caller reads again
     */
    public boolean arm(Listener l, long afterSeq, long deadline) {
        synchronized (this) {
            if (l.armed) {
                throw new IllegalStateException("listener already armed");
            }
            size++;
            if (ended || head.get() > afterSeq) {
                size--;
                return false;
            }
            l.owner = this;
            l.afterSeq = afterSeq;
            l.armed = true;
            l.generation++;
            l.timed = deadline != NO_DEADLINE;
            Bucket b = byAfter.computeIfAbsent(afterSeq, k -> new Bucket());
            l.bucket = b;
            l.prev = null;
            l.next = b.first;
            if (b.first != null) {
                b.first.prev = l;
            }
            b.first = l;
            if (deadline != NO_DEADLINE) {
                deadlines.schedule(l, deadline); // inside the monitor: a publisher that takes l cancels it after
            }
        }
        return true;
    }

    /**
     * Disarms {@code l} if it is still armed, without calling it.
     *
     * @param l the listener
     * @return whether it was armed
     */
    public boolean disarm(Listener l) {
        boolean was;
        synchronized (this) {
            was = l.armed && l.owner == this;
            if (was) {
                unlink(l);
            }
        }
        if (was && l.timed) {
            deadlines.cancel(l);
        }
        return was;
    }

    /**
     * Tells the listeners that the visible head is now {@code h}; wakes those waiting after a lower seq.
     *
     * @param h the visible head, never lower than an earlier one of this instance
     */
    public void publish(long h) {
        if (head.getAndAccumulate(h, Math::max) >= h) {
            return; // a concurrent publisher got further: it wakes what this head satisfies
        }
        if (size == 0) {
            return;
        }
        Listener chain = null;
        synchronized (this) {
            while (!byAfter.isEmpty() && byAfter.firstKey() < h) {
                chain = detach(byAfter.pollFirstEntry().getValue(), chain);
            }
        }
        for (Listener l = next(chain); l != null; l = next(chain)) {
            chain = l.next;
            l.next = null;
            l.onHead(h);
        }
    }

    /** Ends the instance: every armed listener gets {@link Listener#onEnd()}, and later arms fail. */
    public void end() {
        Listener chain = null;
        synchronized (this) {
            ended = true;
            for (Bucket b : byAfter.values()) {
                chain = detach(b, chain);
            }
            byAfter.clear();
        }
        for (Listener l = next(chain); l != null; l = next(chain)) {
            chain = l.next;
            l.next = null;
            l.onEnd();
        }
    }

    /** Unlinks every listener of a bucket onto {@code chain} (through {@code next}). Holds the monitor. */
    private Listener detach(Bucket b, Listener chain) {
        Listener l = b.first;
        while (l != null) {
            Listener n = l.next;
            l.armed = false;
            l.bucket = null;
            l.prev = null;
            l.next = chain;
            chain = l;
            size--;
            l = n;
        }
        return chain;
    }

    /** The head of a detached chain with its deadline cancelled, or null; outside the monitor. */
    private Listener next(Listener chain) {
        if (chain != null && chain.timed) {
            deadlines.cancel(chain);
        }
        return chain;
    }

    /** Called by the deadline thread once the deadline of arming {@code generation} of {@code l} passed. */
    void expire(Listener l, long generation) {
        synchronized (this) {
            if (!l.armed || l.owner != this || l.generation != generation) {
                return; // woken, disarmed or re-armed meanwhile
            }
            unlink(l);
        }
        l.onTimeout();
    }

    /** Caller holds the monitor. */
    private void unlink(Listener l) {
        Bucket b = l.bucket;
        if (l.prev != null) {
            l.prev.next = l.next;
        } else {
            b.first = l.next;
        }
        if (l.next != null) {
            l.next.prev = l.prev;
        }
        if (b.first == null) {
            byAfter.remove(l.afterSeq);
        }
        l.prev = null;
        l.next = null;
        l.bucket = null;
        l.armed = false;
        size--;
    }
}
