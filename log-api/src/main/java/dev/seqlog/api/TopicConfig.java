package dev.seqlog.api;

import java.util.Objects;

/**
 * The resolved configuration of a topic (API §1.15): every field has a value, defaults applied and
 * clamps enforced. Build one with {@link #builder()}; an unset field takes its default.
 *
 * <p>Immutable and thread-safe. {@link #equals} compares resolved values, which is what "identical"
 * means for an idempotent {@code PUT}.
 */
public final class TopicConfig {
    /** Default {@code idempotency_window_ms}. */
    public static final long DEFAULT_IDEMPOTENCY_WINDOW_MS = 120_000;
    /** Upper clamp of {@code idempotency_window_ms}. */
    public static final long MAX_IDEMPOTENCY_WINDOW_MS = 86_400_000;
    /** Default {@code lease_ms}. */
    public static final long DEFAULT_LEASE_MS = 30_000;
    /** Lower clamp of {@code lease_ms}. */
    public static final long MIN_LEASE_MS = 100;
    /** Upper clamp of {@code lease_ms}. */
    public static final long MAX_LEASE_MS = 86_400_000;
    /** Upper clamp of {@code claim_jitter_ms}. */
    public static final long MAX_CLAIM_JITTER_MS = 5_000;
    /** Bound of {@code priority} in both directions. */
    public static final int PRIORITY_BOUND = 1000;

    private static final TopicConfig DEFAULTS = builder().build();

    private final TopicType type;
    private final boolean typeSpecified;
    private final long ttlMs;
    private final long capRecords;
    private final long capBytes;
    private final Discard discard;
    private final Durability durability;
    private final Integer priority;
    private final boolean autoPriority;
    private final boolean autoCreate;
    private final long idempotencyWindowMs;
    private final boolean dedupeNode;
    private final long leaseMs;
    private final long claimJitterMs;
    private final long maxDeliveries;
    private final String deadLetter;
    private final boolean leasesDurable;

    private TopicConfig(Builder b) {
        this.type = b.type == null ? TopicType.LOG : b.type;
        this.typeSpecified = b.type != null;
        this.ttlMs = b.ttlMs;
        this.capRecords = b.capRecords;
        this.capBytes = b.capBytes;
        this.discard = b.discard;
        this.durability = b.durability != null ? b.durability
                : (Boolean.TRUE.equals(b.durable) ? Durability.FSYNC : Durability.DISK);
        this.priority = b.priority == null ? null
                : Math.max(-PRIORITY_BOUND, Math.min(PRIORITY_BOUND, b.priority));
        this.autoPriority = b.autoPriority;
        this.autoCreate = b.autoCreate;
        this.idempotencyWindowMs = Math.min(b.idempotencyWindowMs, MAX_IDEMPOTENCY_WINDOW_MS);
        this.dedupeNode = b.dedupeNode;
        this.leaseMs = Math.max(MIN_LEASE_MS, Math.min(MAX_LEASE_MS, b.leaseMs));
        this.claimJitterMs = Math.min(b.claimJitterMs, MAX_CLAIM_JITTER_MS);
        this.maxDeliveries = b.maxDeliveries;
        this.deadLetter = b.deadLetter;
        this.leasesDurable = b.leasesDurable;
    }

    /**
     * The all-defaults configuration.
     *
     * @return a log topic with every default
     */
    public static TopicConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A new builder with every field at its default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised from this configuration.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = typeSpecified ? type : null;
        b.ttlMs = ttlMs;
        b.capRecords = capRecords;
        b.capBytes = capBytes;
        b.discard = discard;
        b.durability = durability;
        b.priority = priority;
        b.autoPriority = autoPriority;
        b.autoCreate = autoCreate;
        b.idempotencyWindowMs = idempotencyWindowMs;
        b.dedupeNode = dedupeNode;
        b.leaseMs = leaseMs;
        b.claimJitterMs = claimJitterMs;
        b.maxDeliveries = maxDeliveries;
        b.deadLetter = deadLetter;
        b.leasesDurable = leasesDurable;
        return b;
    }

    /**
     * This configuration with {@code type} resolved to {@code t} unless it was given explicitly; a
     * {@code PUT} that omits {@code type} keeps the existing topic's type.
     *
     * @param t the type to assume when none was specified
     * @return the resolved configuration
     */
    public TopicConfig withTypeIfUnspecified(TopicType t) {
        if (typeSpecified || t == type) {
            return this;
        }
        return toBuilder().type(t).build();
    }

    /**
     * Whether {@code type} was set explicitly on the builder.
     *
     * @return true if the input named a type
     */
    public boolean typeSpecified() {
        return typeSpecified;
    }

    /** @return the topic kind */
    public TopicType type() {
        return type;
    }

    /** @return the TTL in ms, 0 for none */
    public long ttlMs() {
        return ttlMs;
    }

    /** @return the live-record cap, 0 for none */
    public long capRecords() {
        return capRecords;
    }

    /** @return the live-bytes cap, 0 for none */
    public long capBytes() {
        return capBytes;
    }

    /** @return the cap policy */
    public Discard discard() {
        return discard;
    }

    /** @return the commit class */
    public Durability durability() {
        return durability;
    }

    /** @return whether the class is {@code fsync} (the {@code durable} shorthand on output) */
    public boolean durable() {
        return durability == Durability.FSYNC;
    }

    /** @return the manual priority, clamped, or null for automatic */
    public Integer priority() {
        return priority;
    }

    /** @return whether recency-based priority applies when {@code priority} is null */
    public boolean autoPriority() {
        return autoPriority;
    }

    /** @return whether a write may create the topic lazily */
    public boolean autoCreate() {
        return autoCreate;
    }

    /** @return the idempotency window in ms, 0 to disable */
    public long idempotencyWindowMs() {
        return idempotencyWindowMs;
    }

    /** @return whether reads honour the reader's node filter */
    public boolean dedupeNode() {
        return dedupeNode;
    }

    /** @return queue lease length in ms */
    public long leaseMs() {
        return leaseMs;
    }

    /** @return queue claim coalescing window in ms */
    public long claimJitterMs() {
        return claimJitterMs;
    }

    /** @return queue deliveries before dead-lettering, 0 for unlimited */
    public long maxDeliveries() {
        return maxDeliveries;
    }

    /** @return the queue dead-letter topic, or null */
    public String deadLetter() {
        return deadLetter;
    }

    /** @return whether queue lease state is persisted */
    public boolean leasesDurable() {
        return leasesDurable;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicConfig)) {
            return false;
        }
        TopicConfig c = (TopicConfig) o;
        return type == c.type && ttlMs == c.ttlMs && capRecords == c.capRecords && capBytes == c.capBytes
                && discard == c.discard && durability == c.durability && Objects.equals(priority, c.priority)
                && autoPriority == c.autoPriority && autoCreate == c.autoCreate
                && idempotencyWindowMs == c.idempotencyWindowMs && dedupeNode == c.dedupeNode
                && leaseMs == c.leaseMs && claimJitterMs == c.claimJitterMs && maxDeliveries == c.maxDeliveries
                && Objects.equals(deadLetter, c.deadLetter) && leasesDurable == c.leasesDurable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, ttlMs, capRecords, capBytes, discard, durability, priority, autoPriority,
                autoCreate, idempotencyWindowMs, dedupeNode, leaseMs, claimJitterMs, maxDeliveries, deadLetter,
                leasesDurable);
    }

    @Override
    public String toString() {
        return "TopicConfig{type=" + type.wireName() + ", ttl_ms=" + ttlMs + ", cap_records=" + capRecords
                + ", cap_bytes=" + capBytes + ", discard=" + discard.wireName() + ", durability="
                + durability.wireName() + ", priority=" + priority + ", auto_priority=" + autoPriority
                + ", auto_create=" + autoCreate + ", idempotency_window_ms=" + idempotencyWindowMs
                + ", dedupe_node=" + dedupeNode + ", lease_ms=" + leaseMs + ", claim_jitter_ms=" + claimJitterMs
                + ", max_deliveries=" + maxDeliveries + ", dead_letter=" + deadLetter + ", leases_durable="
                + leasesDurable + "}";
    }

    /**
     * Builds a {@link TopicConfig}. Unsigned fields reject negative values with
     * {@link ErrorCode#INVALID_REQUEST} naming the field; clamped fields are clamped at {@link #build()}.
     *
     * <p>Not thread-safe: confine a builder to one thread.
     */
    public static final class Builder {
        private TopicType type;
        private long ttlMs;
        private long capRecords;
        private long capBytes;
        private Discard discard = Discard.OLD;
        private Boolean durable;
        private Durability durability;
        private Integer priority;
        private boolean autoPriority = true;
        private boolean autoCreate = true;
        private long idempotencyWindowMs = DEFAULT_IDEMPOTENCY_WINDOW_MS;
        private boolean dedupeNode = true;
        private long leaseMs = DEFAULT_LEASE_MS;
        private long claimJitterMs;
        private long maxDeliveries;
        private String deadLetter;
        private boolean leasesDurable;

        private Builder() {
        }

        /**
         * Sets the kind; immutable once the topic exists. Default: unspecified, which creates a {@link TopicType#LOG}
         * and keeps an existing topic's type.
         *
         * @param v the kind
         * @return this builder
         */
        public Builder type(TopicType v) {
            this.type = Objects.requireNonNull(v, "type");
            return this;
        }

        /**
         * Sets the TTL: a record expires once it is older than this. Default: 0, no expiry.
         *
         * @param v ms, 0 for none
         * @return this builder
         */
        public Builder ttlMs(long v) {
            this.ttlMs = unsigned("ttl_ms", v);
            return this;
        }

        /**
         * Sets the live-record cap. Default: 0, no cap.
         *
         * @param v records, 0 for none
         * @return this builder
         */
        public Builder capRecords(long v) {
            this.capRecords = unsigned("cap_records", v);
            return this;
        }

        /**
         * Sets the live-bytes cap. Default: 0, no cap.
         *
         * @param v accounted bytes, 0 for none
         * @return this builder
         */
        public Builder capBytes(long v) {
            this.capBytes = unsigned("cap_bytes", v);
            return this;
        }

        /**
         * Sets the cap policy. Default: {@link Discard#OLD}.
         *
         * @param v the policy
         * @return this builder
         */
        public Builder discard(Discard v) {
            this.discard = Objects.requireNonNull(v, "discard");
            return this;
        }

        /**
         * Sets the {@code durable} shorthand, consulted only when no {@link #durability} is given: true means
         * {@code fsync}, false {@code disk}. Default: false.
         *
         * @param v true for fsync, false for disk
         * @return this builder
         */
        public Builder durable(boolean v) {
            this.durable = v;
            return this;
        }

        /**
         * Sets the commit class explicitly; it wins over {@link #durable}. Default: resolved from {@code durable},
         * so {@link Durability#DISK}.
         *
         * @param v the class
         * @return this builder
         */
        public Builder durability(Durability v) {
            this.durability = Objects.requireNonNull(v, "durability");
            return this;
        }

        /**
         * Sets the manual priority, clamped to [-1000, 1000]. Default: null, priority from {@link #autoPriority}.
         *
         * @param v the priority, or null for automatic
         * @return this builder
         */
        public Builder priority(Integer v) {
            this.priority = v;
            return this;
        }

        /**
         * Sets whether recency-based priority applies while no manual priority is set. Default: true.
         *
         * @param v the flag
         * @return this builder
         */
        public Builder autoPriority(boolean v) {
            this.autoPriority = v;
            return this;
        }

        /**
         * Sets whether a write may create the topic lazily. Default: true.
         *
         * @param v the flag
         * @return this builder
         */
        public Builder autoCreate(boolean v) {
            this.autoCreate = v;
            return this;
        }

        /**
         * Sets the idempotency window, clamped to at most 86400000. Default:
         * {@value #DEFAULT_IDEMPOTENCY_WINDOW_MS}.
         *
         * @param v ms, 0 disables deduplication
         * @return this builder
         */
        public Builder idempotencyWindowMs(long v) {
            this.idempotencyWindowMs = unsigned("idempotency_window_ms", v);
            return this;
        }

        /**
         * Sets whether reads honour the reader's node filter. Default: true.
         *
         * @param v the flag
         * @return this builder
         */
        public Builder dedupeNode(boolean v) {
            this.dedupeNode = v;
            return this;
        }

        /**
         * Sets the queue lease length, clamped to [100, 86400000]. Default: {@value #DEFAULT_LEASE_MS}.
         *
         * @param v ms
         * @return this builder
         */
        public Builder leaseMs(long v) {
            this.leaseMs = unsigned("lease_ms", v);
            return this;
        }

        /**
         * Sets the queue claim coalescing window, clamped to at most 5000. Default: 0, every claim served at once.
         *
         * @param v ms
         * @return this builder
         */
        public Builder claimJitterMs(long v) {
            this.claimJitterMs = unsigned("claim_jitter_ms", v);
            return this;
        }

        /**
         * Sets the queue delivery limit before dead-lettering. Default: 0, unlimited.
         *
         * @param v deliveries, 0 for unlimited
         * @return this builder
         */
        public Builder maxDeliveries(long v) {
            this.maxDeliveries = unsigned("max_deliveries", v);
            return this;
        }

        /**
         * Sets the queue dead-letter topic. Default: null, none.
         *
         * @param v a valid topic name, or null
         * @return this builder
         */
        public Builder deadLetter(String v) {
            if (v != null && !Names.isValidTopic(v)) {
                throw SeqlogException.invalid("dead_letter", "dead_letter is not a valid topic name");
            }
            this.deadLetter = v;
            return this;
        }

        /**
         * Sets whether queue lease state is persisted. Default: false.
         *
         * @param v the flag
         * @return this builder
         */
        public Builder leasesDurable(boolean v) {
            this.leasesDurable = v;
            return this;
        }

        /**
         * Resolves defaults and clamps.
         *
         * @return the configuration
         */
        public TopicConfig build() {
            return new TopicConfig(this);
        }

        private static long unsigned(String field, long v) {
            if (v < 0) {
                throw SeqlogException.invalid(field, field + " must be a non-negative integer");
            }
            return v;
        }
    }
}
