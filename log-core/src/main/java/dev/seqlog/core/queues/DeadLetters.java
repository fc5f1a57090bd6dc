package dev.seqlog.core.queues;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Moves jobs that reached {@code max_deliveries} to the dead-letter topic (SEMANTICS §13.7): appends a copy
 * with the same data, tag and node and the three stamps added to its meta, then has the queue delete the job.
 * The append runs outside the queue's lock; until it succeeds the job stays ready and undelivered, and a
 * failed move is tried again by a later pass.
 *
 * <p>Thread-safe: stateless apart from its collaborators.
 */
final class DeadLetters {
    private final QueueTopic queue;
    private final QueueContext ctx;

    DeadLetters(QueueTopic queue, QueueContext ctx) {
        this.queue = queue;
        this.ctx = ctx;
    }

    /**
     * Starts the moves a pass set aside.
     *
     * @param topic the dead-letter topic
     * @param create whether it may be created (the queue's {@code auto_create})
     * @param moves the jobs
     */
    void move(String topic, boolean create, List<ClaimPass.Move> moves) {
        for (ClaimPass.Move m : moves) {
            byte[] stamps = stamps(queue.name(), m.deliveries(), m.seq());
            byte[] meta = stamped(m.record().meta(), stamps);
            TopicRecord r = m.record();
            RecordInput copy = RecordInput.trusted(r.data(), 0, r.data().length).withTrustedMeta(meta, 0);
            if (r.tag() != null) {
                copy = copy.withTag(r.tag());
            }
            if (r.node() != null) {
                copy = copy.withNode(r.node());
            }
            AppendRequest request = AppendRequest.builder().add(copy).create(create).build();
            try {
                ctx.deadLetters().append(topic, request, meta.length - (r.meta() == null ? 0 : r.meta().length))
                        .whenComplete((ok, failure) -> queue.moved(m.seq(), failure == null));
            } catch (RuntimeException failure) {
                queue.moved(m.seq(), false);
            }
        }
    }

    /** The stamp members, without braces: {@code "$dead_letter_from":...}. */
    static byte[] stamps(String queue, long deliveries, long seq) {
        // topic names are ASCII letters, digits and a few punctuation marks that need no JSON escaping
        String s = "\"$dead_letter_from\":\"" + queue + "\",\"$dead_letter_deliveries\":" + deliveries
                + ",\"$dead_letter_src_seq\":" + seq;
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A canonical meta object (or none) with the stamp members appended. */
    static byte[] stamped(byte[] meta, byte[] stamps) {
        if (meta == null || meta.length <= 2) {
            byte[] out = new byte[stamps.length + 2];
            out[0] = '{';
            System.arraycopy(stamps, 0, out, 1, stamps.length);
            out[out.length - 1] = '}';
            return out;
        }
        // canonical meta is an object with no whitespace: "{...}" with at least one member
        byte[] out = new byte[meta.length + 1 + stamps.length];
        System.arraycopy(meta, 0, out, 0, meta.length - 1);
        out[meta.length - 1] = ',';
        System.arraycopy(stamps, 0, out, meta.length, stamps.length);
        out[out.length - 1] = '}';
        return out;
    }
}
