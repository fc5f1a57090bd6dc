package dev.seqlog.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An atomic write of one or more records to one topic (API §3).
 *
 * <p>Immutable once built; build with {@link #builder()} or {@link #of}.
 *
 * @param records the records, 1 to the batch limit, in seq order
 * @param node default origin node for records that set none, or null
 * @param idempotencyKey 1–256 byte key for deduplicated retries, or null
 * @param create true: create if absent; false: fail if absent; null: create unless
 *        {@code config.autoCreate()} is false
 * @param config configuration used only if this write creates the topic, or null
 */
public record AppendRequest(List<RecordInput> records, String node, String idempotencyKey, Boolean create,
                            TopicConfig config) {

    /**
     * Validates presence of the record list and copies it.
     *
     * @param records the records
     * @param node default node
     * @param idempotencyKey key
     * @param create create flag
     * @param config inline config
     */
    public AppendRequest {
        Objects.requireNonNull(records, "records");
        records = List.copyOf(records);
    }

    /**
     * A write of the given records with every option at its default.
     *
     * @param records the records
     * @return the request
     */
    public static AppendRequest of(RecordInput... records) {
        return new AppendRequest(List.of(records), null, null, null, null);
    }

    /**
     * A write of the given records with every option at its default.
     *
     * @param records the records
     * @return the request
     */
    public static AppendRequest of(List<RecordInput> records) {
        return new AppendRequest(records, null, null, null, null);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AppendRequest}. Not thread-safe. */
    public static final class Builder {
        private final List<RecordInput> records = new ArrayList<>();
        private String node;
        private String idempotencyKey;
        private Boolean create;
        private TopicConfig config;

        private Builder() {
        }

        /**
         * Adds a record.
         *
         * @param r the record
         * @return this builder
         */
        public Builder add(RecordInput r) {
            records.add(Objects.requireNonNull(r));
            return this;
        }

        /**
         * Sets the origin node of records that do not set their own. Default: null, none.
         *
         * @param v node id or null
         * @return this builder
         */
        public Builder node(String v) {
            this.node = v;
            return this;
        }

        /**
         * Sets the idempotency key: a retry with the same key inside the topic's idempotency window returns the
         * first write's seqs instead of appending again. Default: null, no deduplication.
         *
         * @param v key or null
         * @return this builder
         */
        public Builder idempotencyKey(String v) {
            this.idempotencyKey = v;
            return this;
        }

        /**
         * Sets whether the write may create a missing topic: true creates it, false fails with
         * {@code topic_not_found}. Default: null, create unless the inline config has {@code auto_create} false.
         *
         * @param v true, false or null
         * @return this builder
         */
        public Builder create(Boolean v) {
            this.create = v;
            return this;
        }

        /**
         * Sets the inline config used if this write creates the topic (ignored for an existing topic). Default:
         * null, the defaults of {@link TopicConfig}.
         *
         * @param v config or null
         * @return this builder
         */
        public Builder config(TopicConfig v) {
            this.config = v;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public AppendRequest build() {
            return new AppendRequest(records, node, idempotencyKey, create, config);
        }
    }
}
