package dev.seqlog.server.config;

import dev.seqlog.replication.Peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cluster-mode part of the configuration: this node's id, every member's Raft address ({@code id=host:port},
 * this node's included) and the cluster's name. Cluster mode is on when {@code SEQLOG_PEERS} is set. Each refusal
 * names its variable. Immutable and thread-safe.
 *
 * @param nodeId this node's id, one of the peers'
 * @param peers every member, in the order given; this node's entry is the address its Raft port binds
 * @param clusterName the name every member shares (the Raft group is derived from it)
 */
public record ClusterConfig(String nodeId, List<Peer> peers, String clusterName) {
    /** The default of {@code SEQLOG_CLUSTER_NAME}. */
    public static final String CLUSTER_NAME_DEFAULT = "seqlog";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * @param nodeId this node's id
     * @param peers every member
     * @param clusterName the cluster's name
     */
    public ClusterConfig {
        peers = List.copyOf(peers);
    }

    /**
     * Reads the cluster variables.
     *
     * @return the cluster settings, or null when {@code SEQLOG_PEERS} is unset (single-node mode)
     * @throws ConfigException naming the variable at fault
     */
    static ClusterConfig fromEnv(Env e) throws ConfigException {
        String peersVar = e.get("SEQLOG_PEERS");
        String nodeId = e.get("SEQLOG_NODE_ID");
        String name = e.get("SEQLOG_CLUSTER_NAME");
        if (peersVar == null) {
            for (String set : new String[] {nodeId == null ? null : "SEQLOG_NODE_ID",
                name == null ? null : "SEQLOG_CLUSTER_NAME"}) {
                if (set != null) {
                    throw new ConfigException(set + " is set but SEQLOG_PEERS is not: cluster mode needs the peers "
                            + "(id=host:port of every member, this node included); unset " + set + " to run alone");
                }
            }
            return null;
        }
        List<Peer> peers = parsePeers("SEQLOG_PEERS", peersVar);
        if (nodeId == null) {
            throw new ConfigException("SEQLOG_NODE_ID is required in cluster mode (SEQLOG_PEERS is set): give this "
                    + "node's id, one of " + ids(peers));
        }
        if (peers.stream().noneMatch(p -> p.id().equals(nodeId))) {
            throw new ConfigException("SEQLOG_NODE_ID " + nodeId + " is not one of the ids in SEQLOG_PEERS "
                    + ids(peers));
        }
        String clusterName = name == null ? CLUSTER_NAME_DEFAULT : name;
        if (!NAME.matcher(clusterName).matches()) {
            throw new ConfigException("SEQLOG_CLUSTER_NAME must be 1-64 characters of [A-Za-z0-9_.-] (got \""
                    + clusterName + "\")");
        }
        return new ClusterConfig(nodeId, peers, clusterName);
    }

    /**
     * Parses a comma-separated list of {@code id=host:port}, refusing duplicates; shared with the CLI's
     * {@code cluster set-peers}.
     *
     * @param name what the list is called in messages ({@code SEQLOG_PEERS}, or a command's parameter)
     * @param list the list as text
     * @return the peers in the order given
     * @throws ConfigException naming {@code name} and the entry at fault
     */
    public static List<Peer> parsePeers(String name, String list) throws ConfigException {
        List<Peer> peers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String entry : list.split(",", -1)) {
            String spec = entry.strip();
            if (spec.isEmpty()) {
                throw new ConfigException(name + " has an empty entry (got \"" + list + "\"): give id=host:port "
                        + "for each member, separated by commas");
            }
            Peer p;
            try {
                p = Peer.parse(spec);
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(name + ": " + ex.getMessage());
            }
            if (!ids.add(p.id())) {
                throw new ConfigException(name + " lists the id " + p.id() + " twice");
            }
            if (!addresses.add(p.address())) {
                throw new ConfigException(name + " lists the address " + p.address() + " twice");
            }
            peers.add(p);
        }
        return peers;
    }

    /**
     * Refuses what cluster mode cannot do yet, and an HTTP listener on this node's Raft address.
     *
     * @param coldDir {@code SEQLOG_COLD_DIR}, or null
     * @param s3Bucket {@code SEQLOG_S3_BUCKET}, or null
     * @param httpHost the HTTP bind address
     * @param httpPort the HTTP port, 0 for one the OS picks
     * @throws ConfigException naming the variable
     */
    void checkWith(Path coldDir, String s3Bucket, String httpHost, int httpPort)
            throws ConfigException {
        if (coldDir != null) {
            throw new ConfigException("SEQLOG_COLD_DIR: the cold tier is not available in replicated mode yet "
                    + "(SEQLOG_PEERS is set); unset SEQLOG_COLD_DIR");
        }
        if (s3Bucket != null) {
            throw new ConfigException("SEQLOG_S3_BUCKET: the object-store tier is not available in replicated mode "
                    + "yet (SEQLOG_PEERS is set); unset SEQLOG_S3_BUCKET");
        }
        Peer self = self();
        if (httpPort != 0 && self.port() == httpPort && self.host().equalsIgnoreCase(httpHost)) {
            throw new ConfigException("SEQLOG_PEERS: this node's Raft address " + nodeId + "=" + self.address()
                    + " is also its HTTP address (SEQLOG_HOST, SEQLOG_PORT): give the Raft port a port of its own");
        }
    }

    /** @return this node's entry in {@link #peers()}: the address its Raft port binds */
    public Peer self() {
        return peers.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow();
    }

    private static List<String> ids(List<Peer> peers) {
        return peers.stream().map(Peer::id).toList();
    }
}
