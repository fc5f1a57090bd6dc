package dev.seqlog.core.internal.topic;

import java.util.ArrayDeque;

/**
 * Which writes readers may see: a write becomes visible once the journal ticket it waits for is durable
 * and every earlier write is visible (prefix-closed visibility, SEMANTICS §4.1). Writes that wait are
 * kept in seq order with their tickets; tickets of one topic become durable in order.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
final class Visibility {
    /** A write applied but not yet visible: visible once {@code gate} is durable. */
    private record Pending(long lastSeq, long gate) {
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Watermarks w;

    Visibility(Watermarks w) {
        this.w = w;
    }

    /** The gate a new write must wait for: its own, or a later one of an earlier write that still waits. */
    long gateFor(long gate) {
        return pending.isEmpty() ? gate : Math.max(gate, pending.peekLast().gate());
    }

    /** The gate the newest waiting write waits for, or 0. */
    long lastGate() {
        return pending.isEmpty() ? 0 : pending.peekLast().gate();
    }

    /** Admits the writes up to H: visible at once if {@code gate} is 0, else once it is durable. */
    void admit(long gate) {
        if (gate == 0) {
            w.visibleHead = w.head;
        } else {
            pending.addLast(new Pending(w.head, gate));
        }
    }

    /** Makes visible every waiting write whose gate is at most {@code durableGate}. */
    void release(long durableGate) {
        while (!pending.isEmpty() && pending.peekFirst().gate() <= durableGate) {
            w.visibleHead = pending.pollFirst().lastSeq();
        }
    }

    void clear() {
        pending.clear();
    }
}
