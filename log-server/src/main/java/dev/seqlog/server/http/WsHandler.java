package dev.seqlog.server.http;

import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.http.stream.StreamSlots;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.spi.WebSocketHttpExchange;

/**
 * {@code GET /v0/ws} (API §9): a valid key is needed to connect (header, or {@code token} in the query), the
 * connection takes a long-lived connection slot (429 before the upgrade), and the upgrade hands the channel to
 * a {@link WsConnection}. Thread-safe.
 */
final class WsHandler {
    /** What the upgrade callback needs from the request that asked for it. */
    private record Pending(Api api, ApiKey key, StreamSlots.Slot slot) {
    }

    private static final AttachmentKey<Pending> PENDING = AttachmentKey.create(Pending.class);
    private static final WebSocketProtocolHandshakeHandler HANDSHAKE = new WebSocketProtocolHandshakeHandler(
            WsHandler::connected,
            ex -> {
                throw SeqlogException.invalid("upgrade", "this endpoint needs a WebSocket upgrade request");
            });

    private WsHandler() {
    }

    static void upgrade(Exchange x) throws Exception {
        ApiKey key = x.api.streams.authenticate(x);
        StreamSlots.Slot slot = x.api.streams.slots().open(key);
        HttpServerExchange ex = x.ex;
        ex.putAttachment(PENDING, new Pending(x.api, key, slot));
        ex.addExchangeCompleteListener((e, next) -> {
            if (e.getStatusCode() != 101) {
                slot.release(); // no upgrade: the slot was never handed to a connection
            }
            next.proceed();
        });
        try {
            HANDSHAKE.handleRequest(ex);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    private static void connected(WebSocketHttpExchange exchange, io.undertow.websockets.core.WebSocketChannel channel) {
        Pending p = exchange.getAttachment(PENDING);
        new WsConnection(p.api(), p.key(), channel, p.slot()).start();
    }
}
