package dev.seqlog.server.http;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test WebSocket client over the JDK's {@link WebSocket}: collects text messages, pongs and the close. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final LinkedBlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    WebSocket ws;
    private final StringBuilder partial = new StringBuilder();

    static WsClient connect(URI base, String query, String... headers) {
        WsClient c = new WsClient();
        WebSocket.Builder b = Http.client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v0/ws" + (query == null ? "" : query));
        c.ws = b.buildAsync(uri, c).join();
        return c;
    }

    void send(String json) {
        ws.sendText(json, true).join();
    }

    /** The next text message as parsed JSON, within 10 s. */
    Object next() {
        try {
            Object m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Object next(String path) {
        return JsonValue.at(next(), path);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(JsonValue.parse(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.add(message);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
