package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;

import java.util.List;
import java.util.Objects;

/**
 * One mutation of the log as it travels through Raft: the {@link dev.seqlog.api.EventLog} write it stands for,
 * with every argument the engine needs to repeat it on each replica. A command carries no time: the entry that
 * holds it carries the leader's time for all its commands.
 *
 * <p>Immutable and thread-safe.
 */
sealed interface Command {

    /** The kind byte each command is written with (see {@link CommandCodec}). */
    byte kind();

    /** {@link dev.seqlog.api.EventLog#appendAsync(String, AppendRequest, CreateCheck)}. */
    record Append(String topic, AppendRequest request, SeqlogException createRefusal) implements Command {
        static final byte KIND = 1;

        /**
         * @param topic the topic
         * @param request the records and options
         * @param createRefusal what the caller's {@link CreateCheck} answered for this topic and inline
         *        configuration, asked once on the proposing node; null when it allowed the creation (or the
         *        request has no inline configuration, so the engine never asks)
         */
        public Append {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public byte kind() {
            return KIND;
        }

        /**
         * The check the engine asks on every replica: it repeats the proposing node's answer, so the engine
         * refuses or allows exactly where a single node would have asked.
         */
        CreateCheck createCheck() {
            if (createRefusal == null) {
                return CreateCheck.ALLOW;
            }
            return (t, c) -> {
                throw ResultCodec.copy(createRefusal);
            };
        }
    }

    /** {@link dev.seqlog.api.EventLog#configureAsync(String, TopicConfig)}. */
    record Configure(String topic, TopicConfig config) implements Command {
        static final byte KIND = 2;

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /** {@link dev.seqlog.api.EventLog#deleteTopicAsync(String, DeleteIf)}. */
    record DeleteTopic(String topic, DeleteIf condition) implements Command {
        static final byte KIND = 3;

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /** {@link dev.seqlog.api.EventLog#deleteAsync(String, DeleteRequest)}. */
    record Delete(String topic, DeleteRequest request) implements Command {
        static final byte KIND = 4;

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /** {@link dev.seqlog.api.EventLog#claimAsync(String, ClaimRequest)}: the pass runs at the entry's time. */
    record Claim(String topic, ClaimRequest request) implements Command {
        static final byte KIND = 6;

        public Claim {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /**
     * Claims that reached one node within one coalescing window of the queue ({@code claim_jitter_ms}), in arrival
     * order: every replica serves them with one pass.
     */
    record ClaimCohort(String topic, List<ClaimRequest> requests) implements Command {
        static final byte KIND = 12;

        public ClaimCohort {
            requests = List.copyOf(requests);
            if (requests.isEmpty()) {
                throw new IllegalArgumentException("an empty cohort");
            }
        }

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /**
     * {@link dev.seqlog.api.EventLog#ackAsync}, {@link dev.seqlog.api.EventLog#nackAsync} or
     * {@link dev.seqlog.api.EventLog#extendAsync}: one kind per operation, sharing a layout.
     *
     * @param kind {@link #ACK}, {@link #NACK} or {@link #EXTEND}
     * @param topic the queue
     * @param request the jobs, their holder and optionally their lease ids
     * @param millis the nack's delay or the extend's lease length; 0 for an ack
     */
    record Lease(byte kind, String topic, LeaseRequest request, long millis) implements Command {
        static final byte ACK = 7;
        static final byte NACK = 8;
        static final byte EXTEND = 9;

        public Lease {
            Objects.requireNonNull(request, "request");
            if (kind != ACK && kind != NACK && kind != EXTEND) {
                throw new IllegalArgumentException("not a lease command kind: " + kind);
            }
        }
    }

    /** {@link dev.seqlog.api.EventLog#putRouterAsync(String, RouterSpec)}. */
    record PutRouter(String router, RouterSpec spec) implements Command {
        static final byte KIND = 10;

        public PutRouter {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /** {@link dev.seqlog.api.EventLog#deleteRouterAsync(String)}. */
    record DeleteRouter(String router) implements Command {
        static final byte KIND = 11;

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /** No mutation: the entry's time advances the log clock, and expiry runs. */
    record Tick() implements Command {
        static final byte KIND = 5;

        @Override
        public byte kind() {
            return KIND;
        }
    }

    /** The one tick. */
    Tick TICK = new Tick();
}
