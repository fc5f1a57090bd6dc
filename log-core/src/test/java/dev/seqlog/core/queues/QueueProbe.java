package dev.seqlog.core.queues;

import dev.seqlog.core.Internals;
import dev.seqlog.core.SeqlogEngine;

import java.util.SortedMap;

/** Test access to a queue's lease state. */
public final class QueueProbe {
    private QueueProbe() {
    }

    /**
     * @param engine the engine
     * @param topic a queue topic
     * @return its lease entries as {@code seq -> "deliveries state holder leaseId time"}
     */
    public static SortedMap<Long, String> leases(SeqlogEngine engine, String topic) {
        return ((QueueTopic) Internals.topic(engine, topic).attachment()).describe();
    }
}
