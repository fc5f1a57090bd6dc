package dev.seqlog.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WatchStart;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.auth.Scope;
import dev.seqlog.server.http.stream.StreamSlots;
import dev.seqlog.server.http.stream.WsOut;
import dev.seqlog.server.http.stream.WsTopicStream;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.Json;
import dev.seqlog.server.json.ParsedWrite;
import dev.seqlog.server.json.Render;
import dev.seqlog.server.json.WsCommand;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection (API §9): reads JSON commands, authorizes each against the connection's key,
 * calls the same engine paths as HTTP and SSE, and replies in command order (a publish waiting for its
 * flush holds back the replies after it; a subscription starts only once its {@code subscribed} reply has
 * been sent, so its records follow it). Commands run on the connection's I/O thread.
 */
final class WsConnection extends AbstractReceiveListener {
    /** A reply in command order, and what to start once it has been sent. */
    private record Reply(CompletableFuture<byte[]> body, Runnable after) {
    }

    private final Api api;
    private final ApiKey key;
    private final WebSocketChannel channel;
    private final StreamSlots.Slot slot;
    private final WsOut out;
    private final Map<String, WsTopicStream> subscriptions = new HashMap<>();
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    private final Runnable drainWake;

    WsConnection(Api api, ApiKey key, WebSocketChannel channel, StreamSlots.Slot slot) {
        this.api = api;
        this.key = key;
        this.channel = channel;
        this.slot = slot;
        this.out = new WsOut(channel);
        this.drainWake = () -> {
            out.send(error(null, new SeqlogException(ErrorCode.SHUTTING_DOWN, "the server is stopping")), null);
            out.close(1001, "the server is stopping");
        };
    }

    /** Starts reading commands; everything is released when the connection closes, however it closes. */
    void start() {
        channel.addCloseTask(c -> {
            for (WsTopicStream s : subscriptions.values()) {
                s.cancel();
            }
            subscriptions.clear();
            out.stop();
            slot.release();
            api.state.unpark(drainWake);
        });
        api.state.park(drainWake);
        channel.getReceiveSetter().set(this);
        channel.resumeReceives();
    }

    @Override
    protected long getMaxTextBufferSize() {
        return api.config.maxBodyBytes();
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return api.config.maxBodyBytes();
    }

    @Override
    protected void onError(WebSocketChannel c, Throwable error) {
        // a message over the size limit ends reading with an error: say so with 1009 (API §9)
        if (c.isOpen()) {
            out.close(1009, "message too large");
        }
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel c, BufferedBinaryMessage message) {
        message.getData().free();
        reply(CompletableFuture.completedFuture(error(null, "unsupported_message",
                "binary messages are not supported; send JSON text", Map.of())), null);
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel c, BufferedTextMessage message) {
        byte[] msg = message.getData().getBytes(StandardCharsets.UTF_8);
        WsCommand cmd;
        try {
            cmd = WsCommand.envelope(msg);
        } catch (WsCommand.Invalid bad) {
            reply(CompletableFuture.completedFuture(error(bad.requestId, bad.error)), null);
            return;
        }
        try {
            switch (cmd.op()) {
                case "subscribe" -> subscribe(cmd, msg);
                case "unsubscribe" -> unsubscribe(cmd, msg);
                case "publish" -> publish(cmd, msg);
                case "ping" -> reply(done(cmd, "pong", g -> { }), null);
                default -> throw SeqlogException.invalid("op", "unknown op \"" + cmd.op() + "\"");
            }
        } catch (RuntimeException e) {
            reply(CompletableFuture.completedFuture(error(cmd.requestId(), Exchange.toSeqlog(e))), null);
        }
    }

    /** {@code subscribe}: all or nothing; replaces this connection's subscriptions of the same topics. */
    private void subscribe(WsCommand cmd, byte[] msg) {
        Guard.scope(key, Scope.READ);
        WsCommand.Subscribe s = WsCommand.subscribe(msg, api.config.limits(), api.config.maxWatchTopics());
        for (String t : s.topics().keySet()) {
            Guard.name(key, t);
        }
        Map<String, WatchPublisher> bound = new LinkedHashMap<>();
        for (Map.Entry<String, WatchStart> e : s.topics().entrySet()) {
            WatchRequest req = new WatchRequest(Map.of(e.getKey(), e.getValue()), s.fields().nodes,
                    (int) s.fields().limit, s.fields().maxBatchBytes, s.fields().includeData, s.fields().includeMeta,
                    s.fields().includeTags, s.lenient(), false);
            WatchPublisher p = api.engine.watch(req);
            if (!p.positions().isEmpty()) {
                bound.put(e.getKey(), p);
            }
        }
        Runnable start = () -> {
            for (Map.Entry<String, WatchPublisher> e : bound.entrySet()) {
                WsTopicStream stream = new WsTopicStream(out, s.fields().includeTags, s.fields().includeMeta);
                WsTopicStream old = subscriptions.put(e.getKey(), stream);
                if (old != null) {
                    old.cancel();
                }
                e.getValue().subscribe(stream, stream.executor(channel.getIoThread())); // read and sent here
            }
        };
        reply(done(cmd, "subscribed", g -> {
            g.writeObjectFieldStart("topics");
            for (Map.Entry<String, WatchPublisher> e : bound.entrySet()) {
                WatchPosition p = e.getValue().positions().get(e.getKey());
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("from_seq", p.fromSeq());
                g.writeNumberField("head_seq", p.headSeq());
                g.writeNumberField("earliest_seq", p.earliestSeq());
                g.writeEndObject();
            }
            g.writeEndObject();
        }), start);
    }

    /** {@code unsubscribe}: unknown names are ignored; the reply lists the names as requested. */
    private void unsubscribe(WsCommand cmd, byte[] msg) {
        List<String> names = WsCommand.unsubscribeTopics(msg);
        for (String t : names) {
            Guard.name(key, t);
        }
        for (String t : names) {
            WsTopicStream s = subscriptions.remove(t);
            if (s != null) {
                s.cancel();
            }
        }
        reply(done(cmd, "unsubscribed", g -> {
            g.writeArrayFieldStart("topics");
            for (String t : names) {
                g.writeString(t);
            }
            g.writeEndArray();
        }), null);
    }

    /** {@code publish}: the write path of {@code POST /v0/topics/:topic}. */
    private void publish(WsCommand cmd, byte[] msg) {
        Guard.scope(key, Scope.WRITE);
        if (cmd.topic() == null) {
            throw SeqlogException.invalid("topic", "publish needs a topic");
        }
        String topic = Names.requireTopic(cmd.topic());
        Guard.name(key, topic);
        ParsedWrite w = api.bodies.write(msg, msg.length, topic, null);
        if (w.hasConfig() && w.deadLetter() != null) {
            Guard.name(key, w.deadLetter());
        }
        CompletableFuture<byte[]> ack = api.engine.appendAsync(topic, w.request(), (t, config) -> Guard.scope(key, Scope.ADMIN))
                .handle((AppendResult r, Throwable err) -> {
                    if (err != null) {
                        return error(cmd.requestId(), Exchange.toSeqlog(err));
                    }
                    return render(cmd.requestId(), "ack", g -> {
                        Render.appendResult(g, r, cmd.returnSeqs());
                        g.writeObjectFieldStart("performance");
                        g.writeNumberField("fsync_ms", Math.round(r.fsyncNanos() / 1_000.0) / 1_000.0);
                        g.writeEndObject();
                    });
                });
        reply(ack, null);
    }

    /** Queues a reply behind the earlier ones; each is sent once it and all before it are ready. */
    private void reply(CompletableFuture<byte[]> body, Runnable after) {
        replies.add(new Reply(body, after));
        if (body.isDone()) {
            drainReplies();
        } else {
            body.whenComplete((v, e) -> channel.getIoThread().execute(this::drainReplies));
        }
    }

    /** Sends the replies that are ready, in order; on the I/O thread. */
    private void drainReplies() {
        while (!replies.isEmpty() && replies.peek().body().isDone()) {
            Reply r = replies.poll();
            out.send(r.body().join(), null);
            if (r.after() != null && channel.isOpen()) {
                r.after().run();
            }
        }
    }

    private static CompletableFuture<byte[]> done(WsCommand cmd, String op, Exchange.Fields fields) {
        return CompletableFuture.completedFuture(render(cmd.requestId(), op, fields));
    }

    private static byte[] render(byte[] requestId, String op, Exchange.Fields fields) {
        ByteSink sink = new ByteSink(128);
        try (JsonGenerator g = Json.generator(sink)) {
            g.writeStartObject();
            g.writeStringField("op", op);
            if (requestId != null) {
                g.writeFieldName("request_id");
                g.writeRawValue(new String(requestId, StandardCharsets.UTF_8));
            }
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    /** An {@code error} message for a refusal, tied to a command if it had an id. */
    private static byte[] error(byte[] requestId, SeqlogException e) {
        return error(requestId, e.code().wireName(), e.getMessage() == null ? e.code().wireName() : e.getMessage(),
                e.detail());
    }

    private static byte[] error(byte[] requestId, String code, String message, Map<String, Object> detail) {
        return render(requestId, "error", g -> {
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            if (!detail.isEmpty()) {
                g.writeFieldName("detail");
                Render.value(g, detail);
            }
        });
    }
}
