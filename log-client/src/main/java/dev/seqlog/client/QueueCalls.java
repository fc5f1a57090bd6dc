package dev.seqlog.client;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.Touch;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;

import java.util.concurrent.CompletableFuture;

/** The queue routes (API §10). Thread-safe. */
final class QueueCalls {
    private final Transport transport;
    private final TopicCalls topics;

    QueueCalls(Transport transport, TopicCalls topics) {
        this.transport = transport;
        this.topics = topics;
    }

    /** {@code POST /v0/topics/:q/claim}. */
    CompletableFuture<ClaimResult> claim(String topic, ClaimRequest request) {
        return Calls.checked(() -> {
            Names.requireTopic(topic);
            return transport.call("POST", Paths.topic(topic, "claim"), Requests.claim(request))
                    .thenApply(r -> Responses.read(r.body(), "claim result", QueueReplies::claimed));
        });
    }

    /**
     * An ack, nack or extend.
     *
     * @param action {@code ack}, {@code nack} or {@code extend}
     * @param durationField {@code delay_ms}, {@code lease_ms}, or null for an ack
     * @param ms the duration
     * @param done the answer's count field
     */
    CompletableFuture<LeaseResult> lease(String topic, LeaseRequest request, String action, String durationField,
                                         long ms, String done) {
        return Calls.checked(() -> {
            Names.requireTopic(topic);
            return transport.call("POST", Paths.topic(topic, action), Requests.lease(request, durationField, ms))
                    .thenApply(r -> Responses.read(r.body(), action + " result", QueueReplies.leased(done)));
        });
    }

    /** Checks the queue (a state read without touching it) and the node, then returns the push publisher. */
    WorkPublisher work(String topic, WorkRequest request) {
        TopicState s = Calls.join(topics.state(topic, Touch.PEEK));
        if (s.type() != TopicType.QUEUE) {
            throw new SeqlogException(ErrorCode.NOT_A_QUEUE, "topic \"" + topic + "\" is not a queue")
                    .with("topic", topic);
        }
        if (request.node() == null || request.node().isEmpty()) {
            throw SeqlogException.invalid("node", "node is required: it names the worker the jobs are leased to");
        }
        return new ClientWork(transport, topic, request);
    }
}
