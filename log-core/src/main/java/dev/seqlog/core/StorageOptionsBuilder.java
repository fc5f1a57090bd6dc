package dev.seqlog.core;

import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.ObjectStore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The storage half of {@link EngineOptions.Builder}: how the engine keeps its data (the file system, the WAL
 * and its shards, checkpoints, an external log instead of the WAL) and where older segments go (a cold
 * directory or an object store, and what stays hot). {@code EngineOptions} reads these fields when it is built.
 *
 * <p>Not thread-safe.
 */
abstract class StorageOptionsBuilder {
    int walShards = EngineOptions.WAL_SHARDS_DEFAULT;
    long walFileBytes = 64L << 20;
    long walFlushIntervalMs = 25;
    FileSystem fileSystem = new JdkFileSystem();
    boolean backgroundPreallocation = true;
    long checkpointIntervalMs = 60_000;
    long checkpointWalBytes = 64L << 20;
    boolean backgroundCheckpoints = true;
    boolean externalLog;
    Path coldDir;
    ObjectStore objectStore;
    long coldCacheBytes = EngineOptions.COLD_CACHE_BYTES_DEFAULT;
    int hotRetainSegments = EngineOptions.HOT_RETAIN_SEGMENTS_DEFAULT;
    long hotRetainBytes;

    StorageOptionsBuilder() {
    }

    /** @return the builder these settings belong to */
    abstract EngineOptions.Builder self();

    /** Checks what the storage settings allow together, given the data directory. */
    void checkStorage(Path dataDir) {
        if (externalLog && dataDir == null) {
            throw new IllegalArgumentException("externalLog needs a dataDir: checkpoints are its only storage");
        }
        if (coldDir != null && objectStore != null) {
            throw new IllegalArgumentException("a cold directory and an object store are two cold tiers: set one");
        }
    }

    /**
     * How many write-ahead-log shards (each a writer thread and file sequence). Default: the number of
     * processors, at most 8.
     *
     * @param v WAL shards, 1 to 64
     * @return this builder
     */
    public EngineOptions.Builder walShards(int v) {
        if (v < 1 || v > 64) {
            throw new IllegalArgumentException("walShards must be 1 to 64");
        }
        this.walShards = v;
        return self();
    }

    /**
     * The preallocated size of each WAL file. Default: 64 MiB.
     *
     * @param v preallocated WAL file size, at least 4 KiB (tests use small files to rotate often)
     * @return this builder
     */
    public EngineOptions.Builder walFileBytes(long v) {
        if (v < 4096) {
            throw new IllegalArgumentException("walFileBytes must be >= 4096");
        }
        this.walFileBytes = v;
        return self();
    }

    /**
     * How long {@code disk}-class data may wait for its flush. Default: 25 ms.
     *
     * @param v longest wait of unflushed disk-class data, 1 to 1000 ms
     * @return this builder
     */
    public EngineOptions.Builder walFlushIntervalMs(long v) {
        if (v < 1 || v > 1000) {
            throw new IllegalArgumentException("walFlushIntervalMs must be 1 to 1000");
        }
        this.walFlushIntervalMs = v;
        return self();
    }

    /**
     * The file system the data directory is on. Default: the platform's.
     *
     * @param v the file system (tests inject faults through it)
     * @return this builder
     */
    public EngineOptions.Builder fileSystem(FileSystem v) {
        this.fileSystem = Objects.requireNonNull(v);
        return self();
    }

    /**
     * Whether the next WAL file is created ahead of need on a background thread. Default: true.
     *
     * @param v whether to create the next WAL file ahead of need on a background thread (off for
     *        deterministic fault-injection runs)
     * @return this builder
     */
    public EngineOptions.Builder backgroundPreallocation(boolean v) {
        this.backgroundPreallocation = v;
        return self();
    }

    /**
     * The longest time between checkpoints while the WAL grows. Default: 60000 ms.
     *
     * @param v longest time in ms between checkpoints while the WAL grows, at least 1
     * @return this builder
     */
    public EngineOptions.Builder checkpointIntervalMs(long v) {
        if (v < 1) {
            throw new IllegalArgumentException("checkpointIntervalMs must be >= 1");
        }
        this.checkpointIntervalMs = v;
        return self();
    }

    /**
     * WAL growth that triggers a checkpoint. Default: 64 MiB.
     *
     * @param v WAL growth in bytes that triggers a checkpoint, at least 1
     * @return this builder
     */
    public EngineOptions.Builder checkpointWalBytes(long v) {
        if (v < 1) {
            throw new IllegalArgumentException("checkpointWalBytes must be >= 1");
        }
        this.checkpointWalBytes = v;
        return self();
    }

    /**
     * Whether checkpoints run by themselves. Default: true.
     *
     * @param v whether checkpoints run by themselves; tests that drive them turn this off
     * @return this builder
     */
    public EngineOptions.Builder backgroundCheckpoints(boolean v) {
        this.backgroundCheckpoints = v;
        return self();
    }

    /**
     * Whether an external replicated log (a Raft log) holds every operation. The engine then writes no WAL:
     * operations complete without waiting for a flush, checkpoints run only when the owner of the log asks
     * ({@code SeqlogEngine.externalLog().checkpoint(LogPosition)}) and record that log's position, and
     * recovery loads the newest checkpoint, after which the external log replays the rest. Needs a data directory; one that
     * holds WAL files, or a snapshot without a log position, belongs to a standalone engine and is refused.
     * Default: false.
     *
     * @param v whether the log is external
     * @return this builder
     */
    public EngineOptions.Builder externalLog(boolean v) {
        this.externalLog = v;
        return self();
    }

    /**
     * A second directory that older sealed segments move to. Default: null, everything stays in the data
     * directory.
     *
     * @param v the cold-tier directory (must exist at start-up), or null to keep everything hot
     * @return this builder
     */
    public EngineOptions.Builder coldDir(Path v) {
        this.coldDir = v;
        return self();
    }

    /**
     * An object store older sealed segments move to (the bottomless cold tier): uploaded, verified and
     * recorded by checkpoints, read back through a bounded local cache in the data directory's
     * {@code cache/}. The engine does not close it. Default: null. Exclusive with {@link #coldDir(Path)}.
     *
     * @param v the store, or null to keep everything in the data directory
     * @return this builder
     */
    public EngineOptions.Builder objectStore(ObjectStore v) {
        this.objectStore = v;
        return self();
    }

    /**
     * Bytes of tiered segments the local cache keeps (the oldest segment of each topic with caps or a TTL
     * is kept besides). Default: {@value EngineOptions#COLD_CACHE_BYTES_DEFAULT}.
     *
     * @param v bytes, at least 0
     * @return this builder
     */
    public EngineOptions.Builder coldCacheBytes(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("coldCacheBytes must be >= 0");
        }
        this.coldCacheBytes = v;
        return self();
    }

    /**
     * Sealed segments per topic kept in the data directory when a cold tier is set. Default:
     * {@value EngineOptions#HOT_RETAIN_SEGMENTS_DEFAULT}.
     *
     * @param v sealed segments per topic kept hot, at least 0
     * @return this builder
     */
    public EngineOptions.Builder hotRetainSegments(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("hotRetainSegments must be >= 0");
        }
        this.hotRetainSegments = v;
        return self();
    }

    /**
     * A bound on each topic's sealed bytes kept in the data directory when a cold tier is set. Default: 0,
     * none.
     *
     * @param v bound on hot sealed bytes per topic, 0 = none
     * @return this builder
     */
    public EngineOptions.Builder hotRetainBytes(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("hotRetainBytes must be >= 0");
        }
        this.hotRetainBytes = v;
        return self();
    }
}
