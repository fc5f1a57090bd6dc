package dev.seqlog.server.http.stream;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.EventJson;
import org.xnio.XnioIoThread;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * One topic subscription of a WebSocket connection (API §9.1): renders each event as a message and asks the
 * engine for another only as one leaves, so at most {@link #WINDOW} messages of the subscription are queued.
 * Thread-safe.
 */
public final class WsTopicStream implements Flow.Subscriber<WatchEvent> {
    /** Messages of one subscription between the engine and the socket. */
    static final int WINDOW = 8;

    private final WsOut out;
    private final boolean tags;
    private final boolean meta;
    private final FramePacer.Stream paced = new FramePacer.Stream();
    private FramePacer pacer;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    /**
     * @param out the connection's outbound side
     * @param tags whether records carry {@code $tag}
     * @param meta whether records carry {@code meta}
     */
    public WsTopicStream(WsOut out, boolean tags, boolean meta) {
        this.out = out;
        this.tags = tags;
        this.meta = meta;
    }

    /**
     * The executor this subscription's delivery runs on: the connection's I/O thread, paced with the other
     * streams of that thread.
     *
     * @param io the connection's I/O thread
     * @return the executor
     */
    public Executor executor(XnioIoThread io) {
        pacer = FramePacer.of(io);
        return pacer.executor(paced, io);
    }

    /** Ends the subscription (unsubscribe, replacement, or the connection closing). */
    public void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(WatchEvent e) {
        ByteSink sink = new ByteSink(256);
        EventJson.write(sink, e, EventJson.name(e, true), tags, meta);
        out.send(sink.toByteArray(), () -> {
            if (pacer != null) {
                pacer.wrote(paced);
            }
            subscription.request(1);
        });
    }

    @Override
    public void onError(Throwable t) {
        if (t instanceof SeqlogException s && s.code() == ErrorCode.SHUTTING_DOWN) {
            return; // the server's drain closes the connection with its own message
        }
        out.send(("{\"op\":\"error\",\"code\":\"internal\",\"message\":\"the subscription failed on the server\"}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), null);
    }

    @Override
    public void onComplete() {
        // the topic was deleted: its topic_deleted message was the last one
    }
}
