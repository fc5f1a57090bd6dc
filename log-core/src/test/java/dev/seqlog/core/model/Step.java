package dev.seqlog.core.model;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TagMatch;

import java.util.List;
import java.util.Set;

/** One generated action against the log; every variant is a plain value so failing sequences shrink and print. */
sealed interface Step {

    /** How a cursor or {@code before_seq} is chosen, relative to the topic's state when the step runs. */
    enum Base { ZERO, EARLIEST, HEAD }

    /**
     * A seq position resolved when the step runs: {@code base + offset}, never below 0.
     *
     * @param base what the offset is relative to (0, E - 1 or H)
     * @param offset the offset
     */
    record Pos(Base base, long offset) {
        @Override
        public String toString() {
            return base.name().toLowerCase(java.util.Locale.ROOT) + (offset >= 0 ? "+" : "") + offset;
        }
    }

    /**
     * An append of one batch.
     *
     * @param topic topic index
     * @param records the records (1 to 5)
     * @param batchNode the batch-level node, or null
     * @param key the idempotency key, or null
     * @param create the create flag: null (create if absent), true, or false (fail if absent)
     */
    record Append(int topic, List<RecSpec> records, String batchNode, String key, Boolean create) implements Step {
    }

    /**
     * A one-off read.
     *
     * @param topic topic index
     * @param from the cursor
     * @param limit record limit, 0 for the default
     * @param nodes reader node ids
     * @param budget byte budget, 0 for the default
     * @param tags include tags
     * @param meta include meta
     */
    record Read(int topic, Pos from, int limit, Set<String> nodes, long budget, boolean tags, boolean meta)
            implements Step {
    }

    /**
     * A read by a persistent reader that then keeps the returned cursor (also across topic recreation).
     *
     * @param topic topic index
     * @param reader reader index
     * @param limit record limit, 0 for the default
     * @param nodes reader node ids
     * @param budget byte budget, 0 for the default
     */
    record ReadNext(int topic, int reader, int limit, Set<String> nodes, long budget) implements Step {
    }

    /**
     * A record delete.
     *
     * @param topic topic index
     * @param before the {@code before_seq}, or null
     * @param match the tag predicate, or null
     */
    record Delete(int topic, Pos before, TagMatch match) implements Step {
    }

    /**
     * A full configuration replacement (creates the topic when absent).
     *
     * @param topic topic index
     * @param ttlMs ttl
     * @param capRecords record cap
     * @param capBytes byte cap
     * @param discard cap policy
     * @param dedupeNode node filtering
     * @param windowMs idempotency window
     * @param durability the class; a change to or from {@code ephemeral} of a topic that already assigned seqs
     *                   keeps the current class instead (see {@link LogModel#classFor})
     */
    record Configure(int topic, long ttlMs, long capRecords, long capBytes, Discard discard, boolean dedupeNode,
                     long windowMs, Durability durability) implements Step {

        /** A configuration with the default class, {@code disk}. */
        Configure(int topic, long ttlMs, long capRecords, long capBytes, Discard discard, boolean dedupeNode,
                  long windowMs) {
            this(topic, ttlMs, capRecords, capBytes, discard, dedupeNode, windowMs, Durability.DISK);
        }
    }

    /**
     * A clock move.
     *
     * @param ms milliseconds, negative for a backwards jump
     */
    record Advance(long ms) implements Step {
    }

    /**
     * A topic delete.
     *
     * @param topic topic index
     * @param ifEmpty delete only if no record is live
     */
    record DropTopic(int topic, boolean ifEmpty) implements Step {
    }

    /**
     * A topic delete immediately followed by a create with default settings and the given class.
     *
     * @param topic topic index
     * @param durability the new instance's class
     */
    record Recreate(int topic, Durability durability) implements Step {

        /** A recreation with all defaults (class {@code disk}). */
        Recreate(int topic) {
            this(topic, Durability.DISK);
        }
    }

    /**
     * A clean shutdown of a durable engine and a restart on the same data directory (durable harness only).
     *
     * @param walShards the WAL shard count of the restarted engine, 1 to 3
     */
    record Restart(int walShards) implements Step {
    }

    /** A checkpoint of a durable engine: segments and a snapshot written, covered WAL files reclaimed. */
    record Checkpoint() implements Step {
    }
}
