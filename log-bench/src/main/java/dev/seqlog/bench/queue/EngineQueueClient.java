package dev.seqlog.bench.queue;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.LeaseRequest;

/**
 * A worker of the in-process engine: the blocking {@code claim} and {@code ack} calls, acking by node (no
 * lease ids), as an embedded worker would. Confined to its worker thread.
 */
final class EngineQueueClient implements QueueClient {
    private final EventLog log;
    private final String queue;
    private final String node;
    private long[] claimed = new long[0];

    EngineQueueClient(EventLog log, String queue, String node) {
        this.log = log;
        this.queue = queue;
        this.node = node;
    }

    @Override
    public int claim(int max, long[] keys) {
        ClaimResult r = log.claim(queue, ClaimRequest.of(node, max));
        int n = r.count();
        claimed = new long[n];
        for (int i = 0; i < n; i++) {
            claimed[i] = r.claimed().get(i).seq();
            keys[i] = claimed[i];
        }
        return n;
    }

    @Override
    public int ackClaimed() {
        if (claimed.length == 0) {
            return 0;
        }
        return Math.toIntExact(log.ack(queue, LeaseRequest.of(node, claimed)).done());
    }

    @Override
    public void close() {
        // nothing to release: the engine belongs to the target
    }
}
