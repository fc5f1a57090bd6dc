package dev.seqlog.core.routers;

import dev.seqlog.api.RouterInfo;

/**
 * One router at run time: its definition, which an update replaces, and its progress. Two cursors are kept:
 * {@code cursor}, the highest source seq whose copy is as durable as the destination's class promises (what a
 * read reports), and {@code loggedCursor}, the one the newest logged frame carries (what a checkpoint captures:
 * by the time a snapshot is written, every frame submitted before it is durable).
 *
 * <p>Thread-safe: progress is guarded by this object's monitor, which the forwarder also holds across an append
 * into the destination so that a checkpoint never sees a logged copy without its logged cursor.
 */
final class RouterState {
    private volatile RouterDef def;
    private volatile boolean removed;
    private long cursor;
    private long total;
    private long loggedCursor;
    private long loggedTotal;
    private Forwarder forwarder;

    RouterState(RouterDef def, long cursor, long total) {
        this.def = def;
        this.cursor = cursor;
        this.total = total;
        this.loggedCursor = cursor;
        this.loggedTotal = total;
    }

    RouterDef def() {
        return def;
    }

    void redefine(RouterDef d) {
        def = d;
    }

    boolean removed() {
        return removed;
    }

    void remove() {
        removed = true;
        Forwarder f;
        synchronized (this) {
            f = forwarder;
        }
        if (f != null) {
            f.stop();
        }
    }

    synchronized void forwarder(Forwarder f) {
        forwarder = f;
    }

    synchronized Forwarder forwarder() {
        return forwarder;
    }

    /** Records durable progress; never moves backwards. */
    synchronized void acked(long c, long t) {
        cursor = Math.max(cursor, c);
        total = Math.max(total, t);
    }

    /** Records the progress a just-submitted frame carries; called with this monitor held. */
    synchronized void logged(long c, long t) {
        loggedCursor = Math.max(loggedCursor, c);
        loggedTotal = Math.max(loggedTotal, t);
    }

    synchronized long cursor() {
        return cursor;
    }

    synchronized long total() {
        return total;
    }

    synchronized long loggedCursor() {
        return loggedCursor;
    }

    synchronized long loggedTotal() {
        return loggedTotal;
    }

    synchronized RouterInfo info() {
        RouterDef d = def;
        return new RouterInfo(d.name(), d.source(), d.dest(), d.preserveNode(), d.preserveTag(), d.filter(),
                d.allowCycle(), d.guarantee(), total, cursor, d.createdTs());
    }
}
