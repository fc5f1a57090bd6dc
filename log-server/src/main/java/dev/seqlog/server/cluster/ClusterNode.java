package dev.seqlog.server.cluster;

import dev.seqlog.replication.ClusterSettings;
import dev.seqlog.replication.ReplicatedNode;
import dev.seqlog.server.config.ClusterConfig;
import dev.seqlog.server.config.EngineTuning;
import dev.seqlog.server.config.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Starts the replicated node of a server in cluster mode: its Raft port on this node's own entry of
 * {@code SEQLOG_PEERS}, its storage in {@code SEQLOG_DATA_DIR}, its engine tuned from the same variables as a single
 * node's. Stateless.
 */
public final class ClusterNode {
    private ClusterNode() {
    }

    /**
     * @param config a configuration in cluster mode
     * @return the node's settings
     * @throws IllegalArgumentException when the configuration is not in cluster mode or has no data directory
     */
    public static ClusterSettings settings(ServerConfig config) {
        ClusterConfig c = config.cluster();
        if (c == null) {
            throw new IllegalArgumentException("not in cluster mode: SEQLOG_PEERS is not set");
        }
        if (config.dataDir() == null) {
            throw new IllegalArgumentException("cluster mode needs a data directory (SEQLOG_DATA_DIR)");
        }
        ClusterSettings.Builder b = ClusterSettings.builder().nodeId(c.nodeId()).clusterName(c.clusterName())
                .storageDir(config.dataDir()).engineTuning(EngineTuning.of(config));
        c.peers().forEach(b::peer);
        return b.build();
    }

    /**
     * Starts the node: recovers its engine, binds its Raft port and joins the group; returns without waiting for a
     * leader.
     *
     * @param config a configuration in cluster mode
     * @return the running node, which the caller closes
     * @throws UncheckedIOException when the storage directory or the Raft port cannot be used
     */
    public static ReplicatedNode start(ServerConfig config) {
        ClusterSettings settings = settings(config);
        try {
            return ReplicatedNode.start(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start cluster node " + settings.nodeId() + " (Raft address "
                    + settings.self().address() + ", data directory " + settings.storageDir() + "): "
                    + e.getMessage(), e);
        }
    }
}
