package dev.seqlog.server.http;

import dev.seqlog.api.ListRequest;
import dev.seqlog.api.Names;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.server.json.RouterRender;

import java.util.ArrayList;
import java.util.List;

/**
 * Handlers of the router routes (API §7). The path name passed the allowlist before the handler ran (API §1.2
 * step 4); a PUT's {@code source} and {@code dest} are checked here once the body is valid (step 9). Everything
 * after that, the router cap, topic existence, fan-in and cycles, is the engine's. Stateless.
 */
final class RouterHandlers {
    private RouterHandlers() {
    }

    /** {@code PUT /v0/routers/:router}. */
    static void put(Exchange x) throws Exception {
        Body b = x.body(false);
        String router = Names.requireRouter(x.param(0));
        RouterSpec spec = x.api.bodies.router(b.bytes(), b.length());
        Guard.name(x.key, spec.source());
        Guard.name(x.key, spec.dest());
        x.await(x.api.engine.putRouterAsync(router, spec), (RouterPut r) ->
                x.json(r.created() ? 201 : 200, g -> RouterRender.put(g, r.router(), r.created())));
    }

    /** {@code GET /v0/routers/:router}. */
    static void get(Exchange x) throws Exception {
        RouterInfo r = x.api.engine.router(Names.requireRouter(x.param(0)));
        x.json(200, g -> RouterRender.state(g, r));
    }

    /** {@code DELETE /v0/routers/:router}. */
    static void delete(Exchange x) throws Exception {
        x.await(x.api.engine.deleteRouterAsync(Names.requireRouter(x.param(0))), (RouterDeletion d) ->
                x.json(200, g -> {
                    g.writeStringField("router", d.router());
                    g.writeBooleanField("deleted", d.deleted());
                }));
    }

    /**
     * {@code GET /v0/routers}. A router is listed only if its name, source and dest all pass the key's allowlist
     * (API §1.4); as for topics, engine pages are requested no larger than what is still missing, so each is
     * consumed whole and its cursor stays a valid continuation point.
     */
    static void list(Exchange x) throws Exception {
        QueryParams q = x.query();
        String prefix = q.string("prefix");
        String source = q.string("source");
        String dest = q.string("dest");
        long size = q.u64("page_size", 0, true);
        int pageSize = new RouterListRequest(null, null, null, (int) Math.min(size, ListRequest.MAX_PAGE_SIZE), null)
                .pageSize();
        String cursor = q.string("cursor");
        List<RouterInfo> out = new ArrayList<>();
        String next = cursor;
        do {
            RouterPage page = x.api.engine.routers(new RouterListRequest(prefix, source, dest, pageSize - out.size(),
                    next));
            for (RouterInfo r : page.routers()) {
                if (x.key.allows(r.router()) && x.key.allows(r.source()) && x.key.allows(r.dest())) {
                    out.add(r);
                }
            }
            next = page.nextCursor();
        } while (next != null && out.size() < pageSize);
        String nextCursor = next;
        x.json(200, g -> {
            g.writeArrayFieldStart("routers");
            for (RouterInfo r : out) {
                RouterRender.listEntry(g, r);
            }
            g.writeEndArray();
            if (nextCursor != null) {
                g.writeStringField("next_cursor", nextCursor);
            }
        });
    }
}
