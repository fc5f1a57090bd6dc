package dev.seqlog.client;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * Jobs pushed over {@code GET /v0/topics/:q/work} (API §10.10): each subscription is one worker connection, whose
 * {@code job} frames are delivered against demand. The server keeps up to the request's {@code max} jobs leased
 * to the connection; jobs are read from the connection only while the subscriber has demand, so with none the
 * server stops at {@code max} outstanding jobs (it cannot see demand, only an unread connection). Cancelling
 * closes the connection, and the server then releases at once every job pushed on it whose lease is still
 * current. A terminal {@code error} frame ({@code topic_not_found}, {@code not_a_queue}, {@code shutting_down},
 * {@code slow_consumer}) or a lost connection ends the subscription with {@code onError}; there is no reconnect,
 * because a new connection is a new worker to the server.
 *
 * <p>Immutable; thread-safe.
 */
final class ClientWork implements WorkPublisher {
    private final Transport transport;
    private final String topic;
    private final WorkRequest request;

    ClientWork(Transport transport, String topic, WorkRequest request) {
        this.transport = transport;
        this.topic = topic;
        this.request = request;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Job> subscriber) {
        subscribe(subscriber, transport.executor());
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Job> subscriber, Executor executor) {
        new Stream(subscriber, executor).start();
    }

    /** One worker connection. Thread-safe. */
    private final class Stream extends SseSubscription<Job, Job> {
        Stream(Flow.Subscriber<? super Job> subscriber, Executor executor) {
            super(ClientWork.this.transport, subscriber, executor);
        }

        @Override
        void begin() {
            transport.opened(this);
            String path = new Paths.Query().add("node", request.node()).add("max", request.max())
                    .add("lease_ms", request.leaseMs()).on(Paths.topic(topic, "work"));
            SseBody b = newBody();
            HttpRequest req = transport.request(path).header("Accept", "text/event-stream").GET().build();
            CompletableFuture<HttpResponse<byte[]>> sent = transport.send(req, info -> info.statusCode() == 200 ? b
                    : HttpResponse.BodySubscribers.ofByteArray());
            sent.whenComplete((resp, err) -> {
                if (stopped()) {
                    return;
                }
                if (err != null) {
                    fail(Errors.transport(err, "GET " + Paths.topic(topic, "work")));
                } else if (resp.statusCode() != 200) {
                    fail(Errors.fromResponse(resp.statusCode(), resp.headers(), resp.body()));
                } else {
                    fail(new SeqlogException(ErrorCode.INTERNAL, "the server ended the work stream")
                            .with("reason", "stream_ended"));
                }
            });
        }

        @Override
        public void frame(SseParser.Frame f) {
            if (stopped()) {
                return;
            }
            try {
                if (f.event().equals("job")) {
                    emit(Responses.read(f.data(), "job frame", in -> QueueReplies.job(in)));
                } else if (f.event().equals("error")) {
                    StreamFrames.StreamError e = StreamFrames.error(f);
                    if (e.terminal()) {
                        fail(e.exception());
                    }
                }
            } catch (SeqlogException malformed) {
                fail(malformed);
            }
        }

        @Override
        Job signal(Job job) {
            return job;
        }
    }
}
