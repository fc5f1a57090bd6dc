package dev.seqlog.client;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Names;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;

import java.util.concurrent.CompletableFuture;

/** The router routes (API §7). Thread-safe. */
final class RouterCalls {
    private final Transport transport;

    RouterCalls(Transport transport) {
        this.transport = transport;
    }

    /** {@code PUT /v0/routers/:router}. */
    CompletableFuture<RouterPut> put(String router, RouterSpec spec) {
        return Calls.checked(() -> {
            Names.requireRouter(router);
            return transport.call("PUT", Paths.router(router), Requests.router(spec))
                    .thenApply(r -> Responses.read(r.body(), "router", RouterReplies::routerPut));
        });
    }

    /** {@code GET /v0/routers/:router}; a bad name throws at once. */
    CompletableFuture<RouterInfo> get(String router) {
        Names.requireRouter(router);
        return transport.call("GET", Paths.router(router), null)
                .thenApply(r -> Responses.read(r.body(), "router", RouterReplies::router));
    }

    /** {@code GET /v0/routers}, then each listed router. */
    RouterPage list(RouterListRequest request) {
        String path = new Paths.Query().add("prefix", request.prefix()).add("source", request.source())
                .add("dest", request.dest()).add("page_size", request.pageSize()).add("cursor", request.cursor())
                .on("/v0/routers");
        Responses.NamePage page = Responses.read(Calls.join(transport.call("GET", path, null)).body(), "router list",
                Responses.names("routers", "router"));
        return new RouterPage(Calls.each(page.names(), this::get, ErrorCode.ROUTER_NOT_FOUND), page.nextCursor());
    }

    /** {@code DELETE /v0/routers/:router}. */
    CompletableFuture<RouterDeletion> delete(String router) {
        return Calls.checked(() -> {
            Names.requireRouter(router);
            return transport.call("DELETE", Paths.router(router), null)
                    .thenApply(r -> Responses.read(r.body(), "router deletion", RouterReplies::routerDeletion));
        });
    }
}
