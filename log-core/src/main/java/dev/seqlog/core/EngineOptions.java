package dev.seqlog.core;

import dev.seqlog.api.Limits;
import dev.seqlog.core.spi.FileSystem;

import java.nio.file.Path;
import dev.seqlog.core.spi.ObjectStore;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The one validated options object of an engine. Build with {@link #builder()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EngineOptions {
    /** Records per segment before it is sealed ({@code SEQLOG_SEGMENT_MAX_EVENTS}). */
    public static final int SEGMENT_MAX_RECORDS_DEFAULT = 10_000;
    /** Bytes per segment before it is sealed ({@code SEQLOG_SEGMENT_MAX_BYTES}); buffers grow to it by doubling. */
    public static final int SEGMENT_MAX_BYTES_DEFAULT = 64 << 20;
    /** Age of a segment's first record after which it is sealed ({@code SEQLOG_SEGMENT_MAX_AGE_MS}). */
    public static final long SEGMENT_MAX_AGE_MS_DEFAULT = 3_600_000;
    /** WAL shards ({@code SEQLOG_WAL_SHARDS}): one per core, at most eight. */
    public static final int WAL_SHARDS_DEFAULT = Math.min(Runtime.getRuntime().availableProcessors(), 8);
    /** Sealed segments kept hot when a cold tier is set ({@code SEQLOG_HOT_RETAIN_SEGMENTS}). */
    public static final int HOT_RETAIN_SEGMENTS_DEFAULT = 4;
    /** Default bytes of tiered segments the local cache keeps: 1 GiB. */
    public static final long COLD_CACHE_BYTES_DEFAULT = 1L << 30;
    /** Default jobs per claim and seqs per ack, nack or extend ({@code SEQLOG_MAX_CLAIM}). */
    public static final int MAX_CLAIM_DEFAULT = 1000;
    /** Default router limit ({@code SEQLOG_MAX_ROUTERS}); 0 means unlimited. */
    public static final long MAX_ROUTERS_DEFAULT = 10_000;

    private final InstantSource clock;
    private final Limits limits;
    private final Path dataDir;
    private final int segmentMaxRecords;
    private final int segmentMaxBytes;
    private final boolean backgroundExpiry;
    private final int walShards;
    private final long walFileBytes;
    private final long walFlushIntervalMs;
    private final FileSystem fileSystem;
    private final boolean backgroundPreallocation;
    private final long segmentMaxAgeMs;
    private final long checkpointIntervalMs;
    private final long checkpointWalBytes;
    private final boolean backgroundCheckpoints;
    private final boolean externalLog;
    private final Path coldDir;
    private final ObjectStore objectStore;
    private final long coldCacheBytes;
    private final int hotRetainSegments;
    private final long hotRetainBytes;
    private final int maxClaim;
    private final long maxRouters;

    private EngineOptions(Builder b) {
        this.maxClaim = b.maxClaim;
        this.maxRouters = b.maxRouters;
        this.coldDir = b.coldDir;
        this.objectStore = b.objectStore;
        this.coldCacheBytes = b.coldCacheBytes;
        this.hotRetainSegments = b.hotRetainSegments;
        this.hotRetainBytes = b.hotRetainBytes;
        this.segmentMaxAgeMs = b.segmentMaxAgeMs;
        this.checkpointIntervalMs = b.checkpointIntervalMs;
        this.checkpointWalBytes = b.checkpointWalBytes;
        this.backgroundCheckpoints = b.backgroundCheckpoints;
        this.externalLog = b.externalLog;
        this.walShards = b.walShards;
        this.walFileBytes = b.walFileBytes;
        this.walFlushIntervalMs = b.walFlushIntervalMs;
        this.fileSystem = b.fileSystem;
        this.backgroundPreallocation = b.backgroundPreallocation;
        this.clock = b.clock;
        this.limits = b.limits;
        this.dataDir = b.dataDir;
        this.segmentMaxRecords = b.segmentMaxRecords;
        this.segmentMaxBytes = b.segmentMaxBytes;
        this.backgroundExpiry = b.backgroundExpiry;
    }

    /** @return jobs per claim (clamp) and seqs per ack, nack or extend (limit) */
    public int maxClaim() {
        return maxClaim;
    }

    /** @return the router limit, 0 for unlimited */
    public long maxRouters() {
        return maxRouters;
    }

    /** @return age of its first record after which the active segment is sealed, 0 = never */
    public long segmentMaxAgeMs() {
        return segmentMaxAgeMs;
    }

    /** @return longest time between checkpoints while the WAL grows */
    public long checkpointIntervalMs() {
        return checkpointIntervalMs;
    }

    /** @return WAL growth that triggers a checkpoint */
    public long checkpointWalBytes() {
        return checkpointWalBytes;
    }

    /** @return whether checkpoints run by themselves (otherwise only {@code checkpoint()} and close run one) */
    public boolean backgroundCheckpoints() {
        return backgroundCheckpoints && !externalLog;
    }

    /** @return whether an external replicated log holds every operation instead of the engine's WAL */
    public boolean externalLog() {
        return externalLog;
    }

    /** @return the cold-tier directory, or null when tiering is off */
    public Path coldDir() {
        return coldDir;
    }

    /** @return the object store older sealed segments move to, or null */
    public ObjectStore objectStore() {
        return objectStore;
    }

    /** @return bytes of tiered segments the local cache keeps */
    public long coldCacheBytes() {
        return coldCacheBytes;
    }

    /** @return sealed segments per topic kept in the data directory before older ones move to the cold tier */
    public int hotRetainSegments() {
        return hotRetainSegments;
    }

    /** @return bound on hot sealed bytes per topic, 0 = none */
    public long hotRetainBytes() {
        return hotRetainBytes;
    }

    /** @return a builder with defaults: system clock, contract limits, in-memory */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the clock every time-dependent rule reads */
    public InstantSource clock() {
        return clock;
    }

    /** @return request limits and resource caps */
    public Limits limits() {
        return limits;
    }

    /** @return the data directory, or null for the purely in-memory engine */
    public Path dataDir() {
        return dataDir;
    }

    /** @return records per segment before it is sealed */
    public int segmentMaxRecords() {
        return segmentMaxRecords;
    }

    /** @return record bytes per segment before it is sealed */
    public int segmentMaxBytes() {
        return segmentMaxBytes;
    }

    /** @return whether a background thread expires TTL records once per second */
    public boolean backgroundExpiry() {
        return backgroundExpiry;
    }

    /** @return WAL shards (independent writers) */
    public int walShards() {
        return walShards;
    }

    /** @return preallocated size of each WAL file */
    public long walFileBytes() {
        return walFileBytes;
    }

    /** @return longest time unflushed disk-class data waits for a flush */
    public long walFlushIntervalMs() {
        return walFlushIntervalMs;
    }

    /** @return the file system all storage I/O goes through */
    public FileSystem fileSystem() {
        return fileSystem;
    }

    /** @return whether the next WAL file is created on a background thread */
    public boolean backgroundPreallocation() {
        return backgroundPreallocation;
    }

    /** Builds {@link EngineOptions}. Not thread-safe. */
    public static final class Builder extends StorageOptionsBuilder {
        private InstantSource clock = InstantSource.system();
        private Limits limits = Limits.defaults();
        private Path dataDir;
        private int segmentMaxRecords = SEGMENT_MAX_RECORDS_DEFAULT;
        private int segmentMaxBytes = SEGMENT_MAX_BYTES_DEFAULT;
        private boolean backgroundExpiry = true;
        private long segmentMaxAgeMs = SEGMENT_MAX_AGE_MS_DEFAULT;
        private int maxClaim = MAX_CLAIM_DEFAULT;
        private long maxRouters = MAX_ROUTERS_DEFAULT;

        /**
         * The most routers the log holds. Default: {@value #MAX_ROUTERS_DEFAULT}.
         *
         * @param v the router limit, 0 for unlimited
         * @return this builder
         */
        public Builder maxRouters(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("maxRouters must be >= 0");
            }
            this.maxRouters = v;
            return this;
        }

        /**
         * The most jobs one claim leases and seqs one ack, nack or extend names. Default: {@value #MAX_CLAIM_DEFAULT}.
         *
         * @param v jobs per claim and seqs per ack, nack or extend, at least 1
         * @return this builder
         */
        public Builder maxClaim(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxClaim must be >= 1");
            }
            this.maxClaim = v;
            return this;
        }

        private Builder() {
        }

        /**
         * The clock of record timestamps, TTL, idempotency windows, leases and waits. Default: the system clock.
         *
         * @param v the clock; tests inject a manual one
         * @return this builder
         */
        public Builder clock(InstantSource v) {
            this.clock = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Request limits and resource caps. Default: {@link Limits#defaults()}.
         *
         * @param v limits and caps
         * @return this builder
         */
        public Builder limits(Limits v) {
            this.limits = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Where the log keeps its files. Default: null, an in-memory log that keeps nothing across a restart.
         *
         * @param v data directory, or null for in-memory
         * @return this builder
         */
        public Builder dataDir(Path v) {
            this.dataDir = v;
            return this;
        }

        /**
         * Records per segment before it is sealed. Default: {@value #SEGMENT_MAX_RECORDS_DEFAULT}.
         *
         * @param v records per segment, at least 1
         * @return this builder
         */
        public Builder segmentMaxRecords(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("segmentMaxRecords must be >= 1");
            }
            this.segmentMaxRecords = v;
            return this;
        }

        /**
         * Bytes per segment before it is sealed. Default: {@value #SEGMENT_MAX_BYTES_DEFAULT}.
         *
         * @param v bytes per segment, at least 4096
         * @return this builder
         */
        public Builder segmentMaxBytes(int v) {
            if (v < 4096) {
                throw new IllegalArgumentException("segmentMaxBytes must be >= 4096");
            }
            this.segmentMaxBytes = v;
            return this;
        }

        /**
         * Whether a background sweep expires TTL records once a second (reads expire them regardless).
         * Default: true.
         *
         * @param v whether to run the once-per-second TTL sweep (tests driving a manual clock turn it off)
         * @return this builder
         */
        public Builder backgroundExpiry(boolean v) {
            this.backgroundExpiry = v;
            return this;
        }

        /**
         * How old the active segment's first record may get before the segment is sealed. Default:
         * {@value #SEGMENT_MAX_AGE_MS_DEFAULT} ms.
         *
         * @param v age in ms of its first record after which the active segment is sealed, 0 = never
         * @return this builder
         */
        public Builder segmentMaxAgeMs(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("segmentMaxAgeMs must be >= 0");
            }
            this.segmentMaxAgeMs = v;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        /** @return the options */
        public EngineOptions build() {
            checkStorage(dataDir);
            return new EngineOptions(this);
        }
    }
}
