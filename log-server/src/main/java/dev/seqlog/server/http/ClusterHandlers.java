package dev.seqlog.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.replication.Peer;
import dev.seqlog.replication.ReplicatedNode;
import dev.seqlog.server.cluster.ClusterView;
import dev.seqlog.server.json.Render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v0/cluster} (the node's Raft status) and {@code PUT /v0/cluster/peers} (replace the voters, for
 * instance a dead node by a new one). A single node answers both with {@code 404 not_found}, reason
 * {@code not_clustered}. Changing the voters needs an admin key without name prefixes, as a backup does: it
 * concerns every topic. Both run on a worker (the change waits for Raft). Stateless.
 */
final class ClusterHandlers {
    private ClusterHandlers() {
    }

    static void status(Exchange x) throws Exception {
        Map<String, Object> cluster = ClusterView.of(node(x).status(), true);
        x.json(200, g -> fields(g, cluster));
    }

    static void setPeers(Exchange x) throws Exception {
        ReplicatedNode node = node(x);
        if (!x.key.unrestricted()) {
            throw new SeqlogException(ErrorCode.FORBIDDEN,
                    "changing the cluster's members concerns every topic; this key is restricted to name prefixes")
                    .with("reason", "prefix_restricted_key");
        }
        Body b = x.body(false);
        List<Peer> peers = new ArrayList<>();
        for (String spec : x.api.bodies.peers(b.bytes(), b.length())) {
            try {
                peers.add(Peer.parse(spec.strip()));
            } catch (IllegalArgumentException e) {
                throw SeqlogException.invalid("peers", e.getMessage()).with("reason", "bad_peer");
            }
        }
        node.setPeers(peers);
        Map<String, Object> cluster = ClusterView.of(node.status(), true);
        x.json(200, g -> fields(g, cluster));
    }

    private static void fields(JsonGenerator g, Map<String, Object> m) throws IOException {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            Render.value(g, e.getValue());
        }
    }

    private static ReplicatedNode node(Exchange x) {
        ReplicatedNode node = x.api.cluster();
        if (node == null) {
            throw new SeqlogException(ErrorCode.NOT_FOUND, "this server is not in cluster mode (SEQLOG_PEERS is not "
                    + "set): it has no cluster status or members").with("reason", "not_clustered");
        }
        return node;
    }
}
