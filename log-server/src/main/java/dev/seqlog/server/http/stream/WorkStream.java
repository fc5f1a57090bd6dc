package dev.seqlog.server.http.stream;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.JobWriter;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * One {@code /work} stream (API §10.10, SEMANTICS §13.8): subscribes to the engine's push of jobs for its worker
 * and writes each job as an {@code event: job} frame over an {@link SseChannel}. Jobs are asked for only as
 * frames reach the socket, at most {@link #WINDOW} ahead, so nothing is leased for a client that is not
 * reading; the engine keeps no more than the stream's {@code max} outstanding on top of that. However the
 * connection ends, the subscription is cancelled, which releases at once every job pushed here whose lease is
 * still the pushed one. The engine's end of the subscription becomes a terminal {@code error} frame.
 *
 * <p>Thread-safe: jobs arrive on the connection's I/O thread (the subscription's executor) and are queued on the
 * channel, which writes them there.
 */
public final class WorkStream implements Flow.Subscriber<Job>, SseChannel.Owner {
    /** Jobs in flight between the engine and the socket. */
    static final int WINDOW = 16;
    /** Heartbeat interval of {@code /work}, fixed by the API. */
    static final long HEARTBEAT_MS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(WorkStream.class);
    private static final byte[] ID = SseChannel.ascii("id: ");
    private static final byte[] EVENT = SseChannel.ascii("\nevent: job\ndata: ");
    private static final byte[] END = SseChannel.ascii("\n\n");

    private final SseChannel channel;
    private final String topic;
    private final WorkPublisher work;
    private volatile Flow.Subscription subscription;

    /**
     * @param ex the exchange, headers not yet sent
     * @param topic the queue
     * @param work the engine's push of jobs for this worker
     * @param slot the connection's cap slot, released when the stream ends
     * @param onEnd runs once when the stream ends, however it ends
     */
    public WorkStream(HttpServerExchange ex, String topic, WorkPublisher work, StreamSlots.Slot slot, Runnable onEnd) {
        this.channel = new SseChannel(ex, HEARTBEAT_MS, slot, onEnd, this, "work stream on " + topic);
        this.topic = topic;
        this.work = work;
    }

    /** Starts the stream on the I/O thread, once the handler has returned: the preamble, then the subscription. */
    public void begin() {
        channel.start();
        work.subscribe(this, channel.io()); // jobs are rendered and written on this thread, with no hand-off
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (channel.ended()) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(Job job) {
        if (channel.ended()) {
            return; // the cancel already released it
        }
        ByteSink sink = new ByteSink(256);
        sink.write(ID, 0, ID.length);
        sink.writeDecimal(job.seq());
        sink.write(EVENT, 0, EVENT.length);
        JobWriter.frame(sink, topic, job);
        sink.write(END, 0, END.length);
        channel.send(ByteBuffer.wrap(sink.array(), 0, sink.size()), true);
    }

    @Override
    public void onError(Throwable t) {
        ErrorCode code = t instanceof SeqlogException s ? s.code() : ErrorCode.INTERNAL;
        switch (code) {
            case TOPIC_NOT_FOUND -> terminate(404, "the queue was deleted", "topic_not_found");
            case NOT_A_QUEUE -> terminate(409, "the topic is not a queue", "not_a_queue");
            case SHUTTING_DOWN -> terminate(503, "the server is stopping", "shutting_down");
            default -> {
                LOG.warn("work stream failed: topic={}", topic, t);
                terminate(500, "the stream failed on the server", "internal");
            }
        }
    }

    @Override
    public void onComplete() {
        // the engine ends a push subscription only with an error
    }

    /**
     * Ends the stream with a terminal {@code error} frame (API §8.5), from any thread.
     *
     * @param code the HTTP-like code
     * @param message human text
     * @param kind the stable kind
     */
    public void terminate(int code, String message, String kind) {
        channel.terminate(code, message, kind);
    }

    @Override
    public void written(int events) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.request(events);
        }
    }

    @Override
    public void ended() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel(); // releases the jobs pushed here (SEMANTICS §13.8)
        }
    }
}
