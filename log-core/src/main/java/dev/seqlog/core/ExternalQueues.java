package dev.seqlog.core;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.queues.Queues;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The queue calls only the owner of an external log makes (see {@link ExternalLog}): the owner keeps the coalescing
 * windows and drives the push subscriptions, and the engine answers for the state it applied.
 *
 * <p>Thread-safe.
 */
final class ExternalQueues {
    private final Queues queues;
    private final Function<String, TopicLog> require;

    /**
     * @param queues the engine's queues
     * @param require finds a topic or throws topic_not_found
     */
    ExternalQueues(Queues queues, Function<String, TopicLog> require) {
        this.queues = queues;
        this.require = require;
    }

    String leaseHeld(String topic, long seq, String node) {
        return queues.leaseHeld(require.apply(topic), seq, node);
    }

    List<CompletableFuture<ClaimResult>> claimCohort(String topic, List<ClaimRequest> requests) {
        return queues.claimCohort(require.apply(topic), requests);
    }
}
