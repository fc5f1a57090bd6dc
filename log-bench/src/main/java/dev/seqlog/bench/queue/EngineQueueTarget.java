package dev.seqlog.bench.queue;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.bench.Payloads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Queues of an engine in this JVM (open on a real data directory by the caller), each of one durability
 * class and {@code leases_durable} setting. Thread-safe, as the engine is.
 */
public final class EngineQueueTarget implements QueueTarget {
    /** Jobs per append while filling: a large batch, well inside the 10,000-record write limit. */
    static final int FILL_BATCH = 1000;

    private final EventLog log;
    private final Durability durability;
    private final boolean leasesDurable;

    /**
     * @param log the engine; stays the caller's to close
     * @param durability the queues' class
     * @param leasesDurable the queues' {@code leases_durable}
     */
    public EngineQueueTarget(EventLog log, Durability durability, boolean leasesDurable) {
        this.log = log;
        this.durability = durability;
        this.leasesDurable = leasesDurable;
    }

    @Override
    public long[] prefill(String queue, int jobs, int payloadBytes) {
        TopicConfig config = TopicConfig.builder().type(TopicType.QUEUE).durability(durability)
                .leasesDurable(leasesDurable).build();
        if (!log.configure(queue, config).created()) {
            throw new IllegalStateException("queue " + queue + " already existed");
        }
        RecordInput job = RecordInput.json(Payloads.jsonString(payloadBytes)); // immutable: one for all
        long[] keys = new long[jobs];
        int at = 0;
        while (at < jobs) {
            int n = Math.min(FILL_BATCH, jobs - at);
            AppendResult r = log.append(queue, AppendRequest.of(Collections.nCopies(n, job)));
            if (r.count() != n || r.lastSeq() - r.firstSeq() != n - 1) {
                throw new IllegalStateException("a fill of " + n + " jobs was acknowledged as " + r);
            }
            for (int i = 0; i < n; i++) {
                keys[at++] = r.firstSeq() + i;
            }
        }
        return keys;
    }

    @Override
    public QueueClient open(String queue, int worker) {
        return new EngineQueueClient(log, queue, "worker-" + worker);
    }

    @Override
    public Leftover leftover(String queue, long[] keys) {
        TopicState s = log.state(queue);
        QueueCounters q = s.queue();
        List<String> problems = new ArrayList<>();
        if (q == null) {
            problems.add(queue + " is not a queue");
            return new Leftover(s.count(), 0, problems);
        }
        if (q.ready() + q.inFlight() != s.count()) {
            problems.add("ready " + q.ready() + " + in_flight " + q.inFlight() + " != count " + s.count());
        }
        return new Leftover(s.count(), q.inFlight(), problems);
    }

    /**
     * @return e.g. {@code seqlog in-process fsync, leases off}
     */
    public String describe() {
        return "seqlog in-process " + QueueOptions.className(durability) + ", "
                + QueueOptions.leasesLabel(leasesDurable);
    }
}
