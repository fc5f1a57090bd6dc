package dev.seqlog.server.http;

import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.http.stream.StreamSlots;
import dev.seqlog.server.http.stream.WorkStream;
import io.undertow.util.SameThreadExecutor;

/**
 * {@code GET /v0/topics/:q/work} (API §10.10): checks the request in the order of API §1.2 (key, scopes and
 * name, query, the queue's existence and type, {@code Accept}, connection caps), then hands the exchange to a
 * {@link WorkStream}. Stateless.
 */
final class WorkHandler {
    private WorkHandler() {
    }

    static void stream(Exchange x) {
        ApiKey key = x.api.streams.authenticate(x);
        Guard.scopes(key, Api.READ_WRITE);
        Guard.name(key, x.param(0));
        String topic = Names.requireTopic(x.param(0));
        WorkPublisher work = x.api.engine.work(topic, request(x));
        StreamAccept.require(x.header("Accept"));
        StreamSlots.Slot slot = x.api.streams.slots().open(key);
        Streams.sseHeaders(x.ex);
        Runnable[] wake = new Runnable[1];
        WorkStream stream = new WorkStream(x.ex, topic, work, slot, () -> x.api.state.unpark(wake[0]));
        wake[0] = () -> stream.terminate(503, "the server is stopping", "shutting_down");
        x.ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
            x.api.state.park(wake[0]);
            stream.begin();
        });
    }

    /** The query: {@code node} (required), {@code max} and {@code lease_ms}, both clamped. */
    private static WorkRequest request(Exchange x) {
        QueryParams q = x.query();
        String node = q.string("node");
        if (node == null) {
            throw SeqlogException.invalid("node", "node is required: it names the worker the jobs are leased to");
        }
        x.api.config.limits().checkNode(node);
        long max = Math.min(q.u64("max", 0, true), x.api.config.maxClaim());
        Long leaseMs = q.string("lease_ms") == null ? null
                : Math.min(q.u64("lease_ms", 0, true), TopicConfig.MAX_LEASE_MS);
        return new WorkRequest(node, (int) max, leaseMs);
    }
}
