package dev.seqlog.core.routers;

import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.RouterBody;
import dev.seqlog.core.internal.format.RouterSection;
import dev.seqlog.core.internal.format.WalBodies;
import dev.seqlog.core.internal.recovery.CatalogReplay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The routers by name, and what the catalog logs: ROUTER frames under its own id with its own log sequence
 * number ({@link RouterBody}), and its snapshot section ({@link RouterSection}). During recovery it collects the
 * definitions and the progress destination frames carry, and hands them over once the topics are back.
 *
 * <p>Thread-safe. Locks are taken in one order: this catalog's monitor (changes to the set of routers), then
 * the journal lock (the catalog's lsn and its frames), then a router's monitor (its progress).
 */
final class RouterCatalog implements CatalogReplay {
    private final RouterContext ctx;
    private final TreeMap<String, RouterState> byName = new TreeMap<>();
    private final Object journalLock = new Object();
    private long lsn;
    private long nextId = 1;
    // recovery only, on the recovering thread
    private long snapshotLsn = -1;
    private final Map<Long, RouterBody.Definition> recovered = new LinkedHashMap<>();
    private final Map<Long, long[]> carried = new HashMap<>();

    RouterCatalog(RouterContext ctx) {
        this.ctx = ctx;
    }

    // ------------------------------------------------------------------------------------ the routers

    synchronized RouterState get(String name) {
        return byName.get(name);
    }

    synchronized List<RouterState> all() {
        return new ArrayList<>(byName.values());
    }

    synchronized NavigableMap<String, RouterState> view() {
        return new TreeMap<>(byName);
    }

    synchronized int size() {
        return byName.size();
    }

    /** A fresh router id; the caller holds this catalog's monitor. */
    long newId() {
        return nextId++;
    }

    /** Adds a router and logs its definition; the caller holds this catalog's monitor. @return the ticket */
    long add(RouterState r) {
        long ticket = logDefine(r);
        byName.put(r.def().name(), r);
        return ticket;
    }

    /** Logs a router's changed definition; the caller holds this catalog's monitor. @return the ticket */
    long logDefine(RouterState r) {
        synchronized (journalLock) {
            if (!ctx.journal().enabled()) {
                return 0;
            }
            ctx.journal().checkWritable();
            RouterBody.Definition d = r.def().stored(r.cursor(), r.total());
            return ctx.journal().submit(RouterBody.CATALOG_ID, RouterBody.define(++lsn, d), true);
        }
    }

    /** Removes a router and logs it; the caller holds this catalog's monitor. @return the ticket */
    long remove(RouterState r, boolean sync) {
        byName.remove(r.def().name(), r);
        r.remove();
        synchronized (journalLock) {
            if (!ctx.journal().enabled()) {
                return 0;
            }
            long t = ctx.journal().submit(RouterBody.CATALOG_ID, RouterBody.remove(++lsn, r.def().id()), sync);
            return sync ? t : 0;
        }
    }

    /** Logs progress no destination frame carried (a router into an ephemeral destination); not waited for. */
    void logCursor(RouterState r, long cursor, long total) {
        synchronized (journalLock) {
            if (!ctx.journal().enabled() || r.removed()) {
                return;
            }
            try {
                ctx.journal().submit(RouterBody.CATALOG_ID, RouterBody.cursor(++lsn, r.def().id(), cursor, total),
                        false);
            } catch (RuntimeException readOnly) {
                return; // the store is read-only: the progress stays in memory, and a restart re-forwards
            }
            r.logged(cursor, total);
        }
    }

    CompletableFuture<Void> whenDurable(long ticket) {
        return ticket == 0 ? CompletableFuture.completedFuture(null)
                : ctx.journal().whenDurable(RouterBody.CATALOG_ID, ticket);
    }

    /**
     * The snapshot section: taken after the topics, so each router's logged cursor covers every copy a captured
     * destination holds, and under the journal lock, so the section's lsn matches the routers it lists.
     */
    synchronized ByteBuffer capture() {
        synchronized (journalLock) {
            List<RouterBody.Definition> defs = new ArrayList<>(byName.size());
            for (RouterState r : byName.values()) {
                synchronized (r) {
                    defs.add(r.def().stored(r.loggedCursor(), r.loggedTotal()));
                }
            }
            return RouterSection.encode(new RouterSection.Content(lsn, nextId, defs));
        }
    }

    // ------------------------------------------------------------------------------------- recovery

    @Override
    public void restore(ByteBuffer content) throws CorruptionException {
        RouterSection.Content c = RouterSection.decode(content);
        snapshotLsn = c.lsn();
        lsn = c.lsn();
        nextId = Math.max(nextId, c.nextId());
        for (RouterBody.Definition d : c.routers()) {
            recovered.put(d.id(), d);
        }
    }

    @Override
    public void frame(ByteBuffer body) throws CorruptionException {
        long at = WalBodies.lsn(body);
        if (at <= snapshotLsn) {
            return;
        }
        lsn = Math.max(lsn, at);
        switch (RouterBody.kind(body)) {
            case RouterBody.DEFINE -> {
                RouterBody.Definition d = RouterBody.definition(body);
                RouterBody.Definition before = recovered.get(d.id());
                recovered.put(d.id(), before == null ? d : d.withProgress(Math.max(d.cursor(), before.cursor()),
                        Math.max(d.total(), before.total())));
                nextId = Math.max(nextId, d.id() + 1);
            }
            case RouterBody.REMOVE -> recovered.remove(RouterBody.routerId(body));
            default -> progress(RouterBody.routerId(body), RouterBody.cursor(body), RouterBody.total(body));
        }
    }

    @Override
    public void progress(long routerId, long cursor, long total) {
        long[] p = carried.computeIfAbsent(routerId, k -> new long[2]);
        p[0] = Math.max(p[0], cursor);
        p[1] = Math.max(p[1], total);
    }

    /** @return the routers recovery found, each with the furthest progress any frame or the snapshot held */
    Collection<RouterBody.Definition> recovered() {
        List<RouterBody.Definition> out = new ArrayList<>(recovered.size());
        for (RouterBody.Definition d : recovered.values()) {
            long[] p = carried.get(d.id());
            out.add(p == null ? d : d.withProgress(Math.max(d.cursor(), p[0]), Math.max(d.total(), p[1])));
        }
        recovered.clear();
        carried.clear();
        return out;
    }
}
