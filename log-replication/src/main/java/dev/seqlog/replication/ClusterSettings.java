package dev.seqlog.replication;

import dev.seqlog.core.EngineOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What one node of a replicated cluster is configured with, validated once when built: who it is, who its peers
 * are (each {@code id=host:port}, the Raft port it binds and they dial), where it keeps its data, and the clock it
 * stamps proposals with. Every node of a cluster lists the same peers and cluster name.
 *
 * <p>The storage directory holds {@code raft/} (the Raft log and metadata), {@code engine/} (the engine's
 * checkpoints, each with the log position and log time it includes).
 *
 * <p>Immutable and thread-safe.
 */
public final class ClusterSettings {
    /** Entries applied between automatic snapshots (engine checkpoints). */
    public static final long SNAPSHOT_INTERVAL_ENTRIES_DEFAULT = 2_000;
    /** Raft entries kept behind each snapshot, so a follower that was down catches up from the log. */
    public static final long RETAINED_LOG_ENTRIES_DEFAULT = 50_000;
    /** Bytes of one Raft log segment file: the log is purged a whole segment at a time. */
    public static final long LOG_SEGMENT_BYTES_DEFAULT = 32L << 20;
    /** How often the leader checks whether the log clock needs a tick. */
    public static final long TICK_INTERVAL_MS_DEFAULT = 1_000;
    /** The shortest election timeout; the longest is twice it. */
    public static final long ELECTION_TIMEOUT_MS_DEFAULT = 300;

    private final String nodeId;
    private final List<Peer> peers;
    private final Path storageDir;
    private final InstantSource clock;
    private final String clusterName;
    private final long snapshotIntervalEntries;
    private final long retainedLogEntries;
    private final long logSegmentBytes;
    private final long tickIntervalMs;
    private final long electionTimeoutMs;
    private final UnaryOperator<EngineOptions.Builder> engineTuning;
    private final CheckpointTransfer checkpointTransfer;

    private ClusterSettings(Builder b) {
        this.nodeId = b.nodeId;
        this.peers = List.copyOf(b.peers);
        this.storageDir = b.storageDir;
        this.clock = b.clock;
        this.clusterName = b.clusterName;
        this.snapshotIntervalEntries = b.snapshotIntervalEntries;
        this.retainedLogEntries = b.retainedLogEntries;
        this.logSegmentBytes = b.logSegmentBytes;
        this.tickIntervalMs = b.tickIntervalMs;
        this.electionTimeoutMs = b.electionTimeoutMs;
        this.engineTuning = b.engineTuning;
        this.checkpointTransfer = b.checkpointTransfer;
    }

    /** @return a builder with defaults: system clock, cluster name "seqlog" */
    public static Builder builder() {
        return new Builder();
    }

    /** @return this node's id */
    public String nodeId() {
        return nodeId;
    }

    /** @return every member, this node included, in the order given */
    public List<Peer> peers() {
        return peers;
    }

    /** @return this node's entry in {@link #peers()} */
    public Peer self() {
        return peers.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow();
    }

    /** @return the node's storage directory */
    public Path storageDir() {
        return storageDir;
    }

    /** @return the clock proposals are stamped with */
    public InstantSource clock() {
        return clock;
    }

    /** @return the cluster name, from which the Raft group id is derived */
    public String clusterName() {
        return clusterName;
    }

    /** @return the Raft group id every node of this cluster derives from its name */
    public UUID groupId() {
        return UUID.nameUUIDFromBytes(("seqlog-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8));
    }

    /** @return entries applied between automatic snapshots, 0 for none */
    public long snapshotIntervalEntries() {
        return snapshotIntervalEntries;
    }

    /** @return Raft entries kept behind each snapshot */
    public long retainedLogEntries() {
        return retainedLogEntries;
    }

    /** @return bytes of one Raft log segment file */
    public long logSegmentBytes() {
        return logSegmentBytes;
    }

    /** @return how often the leader considers a tick */
    public long tickIntervalMs() {
        return tickIntervalMs;
    }

    /** @return the shortest election timeout, ms (the longest is twice it) */
    public long electionTimeoutMs() {
        return electionTimeoutMs;
    }

    /** @return the operator's engine options, applied before those replication needs */
    public UnaryOperator<EngineOptions.Builder> engineTuning() {
        return engineTuning;
    }

    /** @return how this node gets a peer's checkpoint when it fell behind the leader's log, or null for the default */
    public CheckpointTransfer checkpointTransfer() {
        return checkpointTransfer;
    }

    /** Builds {@link ClusterSettings}. Not thread-safe. */
    public static final class Builder {
        private String nodeId;
        private final List<Peer> peers = new ArrayList<>();
        private Path storageDir;
        private InstantSource clock = InstantSource.system();
        private String clusterName = "seqlog";
        private long snapshotIntervalEntries = SNAPSHOT_INTERVAL_ENTRIES_DEFAULT;
        private long retainedLogEntries = RETAINED_LOG_ENTRIES_DEFAULT;
        private long logSegmentBytes = LOG_SEGMENT_BYTES_DEFAULT;
        private long tickIntervalMs = TICK_INTERVAL_MS_DEFAULT;
        private long electionTimeoutMs = ELECTION_TIMEOUT_MS_DEFAULT;
        private UnaryOperator<EngineOptions.Builder> engineTuning = UnaryOperator.identity();
        private CheckpointTransfer checkpointTransfer;

        private Builder() {
        }

        /**
         * @param v this node's id, one of the peers'
         * @return this builder
         */
        public Builder nodeId(String v) {
            this.nodeId = v;
            return this;
        }

        /**
         * Adds a member.
         *
         * @param v the peer
         * @return this builder
         */
        public Builder peer(Peer v) {
            peers.add(Objects.requireNonNull(v, "peer"));
            return this;
        }

        /**
         * Adds members given as {@code id=host:port}.
         *
         * @param specs the peers as text
         * @return this builder
         */
        public Builder peers(String... specs) {
            for (String s : specs) {
                peer(Peer.parse(s));
            }
            return this;
        }

        /**
         * @param v the node's storage directory (created if absent)
         * @return this builder
         */
        public Builder storageDir(Path v) {
            this.storageDir = v;
            return this;
        }

        /**
         * Sets the clock this node stamps its proposals with. Default: the system clock.
         *
         * @param v the clock
         * @return this builder
         */
        public Builder clock(InstantSource v) {
            this.clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /**
         * @param v the cluster name, the same on every node; default "seqlog"
         * @return this builder
         */
        public Builder clusterName(String v) {
            this.clusterName = Objects.requireNonNull(v, "clusterName");
            return this;
        }

        /**
         * @param v entries applied between automatic snapshots, 0 for none; default
         *        {@value #SNAPSHOT_INTERVAL_ENTRIES_DEFAULT}
         * @return this builder
         */
        public Builder snapshotIntervalEntries(long v) {
            this.snapshotIntervalEntries = v;
            return this;
        }

        /**
         * @param v Raft entries kept behind each snapshot; default {@value #RETAINED_LOG_ENTRIES_DEFAULT}
         * @return this builder
         */
        public Builder retainedLogEntries(long v) {
            this.retainedLogEntries = v;
            return this;
        }

        /**
         * @param v bytes of one Raft log segment file, at least 64 KiB; the log is purged a whole segment at a time;
         *        default {@value #LOG_SEGMENT_BYTES_DEFAULT}
         * @return this builder
         */
        public Builder logSegmentBytes(long v) {
            this.logSegmentBytes = v;
            return this;
        }

        /**
         * @param v how often the leader considers a tick, ms; default {@value #TICK_INTERVAL_MS_DEFAULT}
         * @return this builder
         */
        public Builder tickIntervalMs(long v) {
            this.tickIntervalMs = v;
            return this;
        }

        /**
         * Sets how long a follower waits without hearing from a leader before it stands for election: a random time
         * between this and twice this. Shorter fails over sooner; longer rides out pauses (GC, a loaded machine)
         * without an election. Default: {@value #ELECTION_TIMEOUT_MS_DEFAULT}.
         *
         * @param v ms, at least 50
         * @return this builder
         */
        public Builder electionTimeoutMs(long v) {
            this.electionTimeoutMs = v;
            return this;
        }

        /**
         * Engine options of the operator's (limits, segment sizes). The options replication needs (data directory,
         * external log, no background checkpoints or expiry, the log clock) are set after it and win.
         *
         * @param v changes to an engine options builder
         * @return this builder
         */
        public Builder engineTuning(UnaryOperator<EngineOptions.Builder> v) {
            this.engineTuning = Objects.requireNonNull(v, "engineTuning");
            return this;
        }

        /**
         * How this node gets a peer's checkpoint when it fell behind the start of the leader's Raft log. Default:
         * read-only Raft queries to the leader over the Raft port ({@code RaftCheckpointTransfer}).
         *
         * @param v the transfer, or null
         * @return this builder
         */
        public Builder checkpointTransfer(CheckpointTransfer v) {
            this.checkpointTransfer = v;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException naming the first problem
         */
        public ClusterSettings build() {
            if (peers.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs its peers (id=host:port each)");
            }
            Set<String> ids = new HashSet<>();
            Set<String> addresses = new HashSet<>();
            for (Peer p : peers) {
                if (!ids.add(p.id())) {
                    throw new IllegalArgumentException("peer id " + p.id() + " is listed twice");
                }
                if (!addresses.add(p.address())) {
                    throw new IllegalArgumentException("peer address " + p.address() + " is listed twice");
                }
            }
            if (nodeId == null || !ids.contains(nodeId)) {
                throw new IllegalArgumentException("node id " + nodeId + " is not one of the peers " + ids);
            }
            if (storageDir == null) {
                throw new IllegalArgumentException("a replicated node needs a storage directory");
            }
            if (logSegmentBytes < (64 << 10)) {
                throw new IllegalArgumentException("logSegmentBytes must be at least 64 KiB: " + logSegmentBytes);
            }
            if (snapshotIntervalEntries < 0 || retainedLogEntries < 0 || tickIntervalMs < 1
                    || electionTimeoutMs < 50) {
                throw new IllegalArgumentException("snapshot interval and retained entries must be >= 0, the tick "
                        + "interval >= 1 ms, the election timeout >= 50 ms");
            }
            return new ClusterSettings(this);
        }
    }
}
