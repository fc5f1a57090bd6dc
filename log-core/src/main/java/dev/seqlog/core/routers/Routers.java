package dev.seqlog.core.routers;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Names;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.format.RouterBody;
import dev.seqlog.core.internal.recovery.CatalogReplay;
import dev.seqlog.core.internal.topic.ListCursor;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.topic.TopicRegistry;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The router operations of the engine (API §7, SEMANTICS §12): checks each request in the order API §7.1 gives,
 * changes the {@link RouterCatalog}, and starts or stops each router's {@link Forwarder}.
 *
 * <p>Thread-safe: changes to the set of routers are serialised by the catalog's monitor.
 */
public final class Routers {
    private final RouterContext ctx;
    private final RouterCatalog catalog;

    /** @param ctx what the routers of the engine share */
    public Routers(RouterContext ctx) {
        this.ctx = ctx;
        this.catalog = new RouterCatalog(ctx);
    }

    /** @return what recovery hands the catalog */
    public CatalogReplay replay() {
        return catalog;
    }

    /** @return the catalog's snapshot section, captured for a checkpoint */
    public ByteBuffer capture() {
        return catalog.capture();
    }

    /** @return the number of routers */
    public int size() {
        return catalog.size();
    }

    /**
     * Starts the routers recovery found, once the topics are registered. A router whose source or destination
     * instance is gone (a crash between a topic's deletion and its routers' removal) is removed now.
     */
    public void start() {
        TopicRegistry registry = ctx.registry();
        synchronized (catalog) {
            for (RouterBody.Definition d : catalog.recovered()) {
                RouterState r = new RouterState(RouterDef.of(d), d.cursor(), d.total());
                TopicLog source = registry.get(d.source());
                TopicLog dest = registry.get(d.dest());
                if (source == null || source.epoch() != d.sourceId() || dest == null || dest.epoch() != d.destId()) {
                    catalog.add(r);
                    catalog.remove(r, false);
                    continue;
                }
                catalog.add(r);
                run(r, source, dest);
            }
        }
    }

    private void run(RouterState r, TopicLog source, TopicLog dest) {
        Forwarder f = new Forwarder(r, catalog, ctx, source, dest);
        r.forwarder(f);
        f.schedule();
    }

    /**
     * With an external log: runs every router's forwarding now, on the caller's thread, in name order, and again
     * while any moved, so a chain of routers settles within one call (at most one round per router).
     */
    public void forwardNow() {
        List<RouterState> all = catalog.all();
        for (int round = 0; round <= all.size(); round++) {
            boolean moved = false;
            for (RouterState r : all) {
                Forwarder f = r.forwarder();
                if (f != null) {
                    moved |= f.forwardNow();
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    /** Stops every forwarder: the engine closes. */
    public void close() {
        for (RouterState r : catalog.all()) {
            Forwarder f = r.forwarder();
            if (f != null) {
                f.stop();
            }
        }
    }

    // ------------------------------------------------------------------------------------ operations

    /**
     * Creates a router or replaces its options (API §7.1).
     *
     * @param name the router name
     * @param spec the definition
     * @return completes once the definition (and any topic it created) is durable
     */
    public CompletableFuture<RouterPut> put(String name, RouterSpec spec) {
        Names.requireRouter(name);
        ctx.checkOpen().run();
        long now = ctx.now();
        RouterState r;
        boolean created;
        long ticket = 0;
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        synchronized (catalog) {
            r = catalog.get(name);
            created = r == null;
            if (r != null) {
                ticket = update(r, spec);
            } else {
                if (ctx.maxRouters() > 0 && catalog.size() >= ctx.maxRouters()) {
                    throw new SeqlogException(ErrorCode.THROTTLED, "the router limit is reached")
                            .with("limit", "max_routers").with("max", ctx.maxRouters());
                }
                TopicLog source = resolve(spec.source(), spec.createDest(), waits);
                TopicLog dest = resolve(spec.dest(), spec.createDest(), waits);
                checkFanIn(spec);
                if (!spec.allowCycle()) {
                    checkCycle(spec.source(), spec.dest());
                }
                RouterDef d = new RouterDef(catalog.newId(), name, spec.source(), source.epoch(), spec.dest(),
                        dest.epoch(), spec.preserveNode(), spec.preserveTag(), spec.filter(), spec.allowCycle(),
                        spec.guarantee(), now);
                long head = source.state(now, false).headSeq();
                r = new RouterState(d, head, 0);
                ticket = catalog.add(r);
                run(r, source, dest);
            }
        }
        waits.add(catalog.whenDurable(ticket));
        RouterState done = r;
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                .thenApply(v -> new RouterPut(done.info(), created));
    }

    /** Applies a PUT to an existing router; the caller holds the catalog's monitor. @return the ticket */
    private long update(RouterState r, RouterSpec spec) {
        RouterDef d = r.def();
        if (!d.source().equals(spec.source()) || !d.dest().equals(spec.dest())) {
            String field = d.source().equals(spec.source()) ? "dest" : "source";
            throw new SeqlogException(ErrorCode.ROUTER_EXISTS_INCOMPATIBLE, "router \"" + d.name()
                    + "\" already forwards " + d.source() + " to " + d.dest() + "; its " + field + " cannot change")
                    .with("router", d.name()).with("field", field);
        }
        if (d.sameOptions(spec)) {
            return 0;
        }
        if (d.allowCycle() && !spec.allowCycle()) {
            checkCycle(d.source(), d.dest());
        }
        r.redefine(d.withOptions(spec));
        return catalog.logDefine(r);
    }

    private TopicLog resolve(String topic, boolean create, List<CompletableFuture<Void>> waits) {
        TopicRegistry registry = ctx.registry();
        TopicLog t = registry.get(topic);
        if (t != null) {
            return t;
        }
        if (!create) {
            throw SeqlogException.topicNotFound(topic);
        }
        TopicRegistry.Resolved r = registry.resolveForAppend(topic, AppendRequest.builder().create(true).build(),
                CreateCheck.ALLOW);
        if (r.createTicket() > 0) {
            waits.add(r.topic().whenDurable(r.createTicket()));
        }
        return r.topic();
    }

    /** SEMANTICS §12.7: every router into a destination has the same source. */
    private void checkFanIn(RouterSpec spec) {
        for (RouterState other : catalog.all()) {
            RouterDef o = other.def();
            if (o.dest().equals(spec.dest()) && !o.source().equals(spec.source())) {
                throw new SeqlogException(ErrorCode.TOPIC_EXISTS_INCOMPATIBLE, "topic \"" + spec.dest()
                        + "\" already receives copies from \"" + o.source() + "\" (router \"" + o.name()
                        + "\"); a destination has a single source").with("reason", "router_dest_fan_in")
                        .with("topic", spec.dest());
            }
        }
    }

    private void checkCycle(String source, String dest) {
        List<String> cycle = new RouterGraph(catalog.all()).cycleThrough(source, dest);
        if (cycle != null) {
            throw new SeqlogException(ErrorCode.ROUTER_CYCLE, "the router would close a cycle: "
                    + String.join(" -> ", cycle)).with("cycle", cycle);
        }
    }

    /**
     * @param name the router name
     * @return its definition and progress
     */
    public RouterInfo get(String name) {
        Names.requireRouter(name);
        ctx.checkOpen().run();
        RouterState r = catalog.get(name);
        if (r == null) {
            throw new SeqlogException(ErrorCode.ROUTER_NOT_FOUND, "router \"" + name + "\" does not exist")
                    .with("router", name);
        }
        return r.info();
    }

    /**
     * @param request prefix, source, dest and paging
     * @return one page in name order
     */
    public RouterPage list(RouterListRequest request) {
        ctx.checkOpen().run();
        String after = request.cursor() == null ? null : ListCursor.decode(request.cursor());
        String prefix = request.prefix() == null ? "" : request.prefix();
        List<RouterInfo> page = new ArrayList<>();
        String next = null;
        boolean resume = after != null && after.compareTo(prefix) >= 0;
        for (Map.Entry<String, RouterState> e : catalog.view().tailMap(resume ? after : prefix, !resume).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            RouterDef d = e.getValue().def();
            if ((request.source() != null && !request.source().equals(d.source()))
                    || (request.dest() != null && !request.dest().equals(d.dest()))) {
                continue;
            }
            if (page.size() == request.pageSize()) {
                next = ListCursor.encode(page.get(page.size() - 1).router());
                break;
            }
            page.add(e.getValue().info());
        }
        return new RouterPage(page, next);
    }

    /**
     * Deletes a router (API §7.4).
     *
     * @param name the router name
     * @return completes once the removal is durable
     */
    public CompletableFuture<RouterDeletion> delete(String name) {
        Names.requireRouter(name);
        ctx.checkOpen().run();
        long ticket;
        synchronized (catalog) {
            RouterState r = catalog.get(name);
            if (r == null) {
                return CompletableFuture.completedFuture(new RouterDeletion(name, false));
            }
            ticket = catalog.remove(r, true);
        }
        return catalog.whenDurable(ticket).thenApply(v -> new RouterDeletion(name, true));
    }

    /**
     * Removes every router of a deleted topic instance (SEMANTICS §12.1).
     *
     * @param topic the topic name
     * @param id its instance id
     * @return the names removed, in ascending order, once their removal is durable
     */
    public CompletableFuture<List<String>> topicDeleted(String topic, long id) {
        List<String> removed = new ArrayList<>();
        long ticket = 0;
        synchronized (catalog) {
            for (RouterState r : catalog.all()) {
                RouterDef d = r.def();
                if ((d.source().equals(topic) && d.sourceId() == id) || (d.dest().equals(topic) && d.destId() == id)) {
                    ticket = Math.max(ticket, catalog.remove(r, true));
                    removed.add(d.name());
                }
            }
        }
        return catalog.whenDurable(ticket).thenApply(v -> removed);
    }
}
