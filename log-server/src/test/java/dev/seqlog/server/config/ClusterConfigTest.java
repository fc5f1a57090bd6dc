package dev.seqlog.server.config;

import dev.seqlog.replication.Peer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cluster mode's variables: what turns it on, every refusal (each naming its variable), and what it cannot do yet. */
class ClusterConfigTest {
    private static final String PEERS = "n1=127.0.0.1:7401,n2=127.0.0.1:7402,n3=127.0.0.1:7403";

    private static ServerConfig parse(String... kv) throws ConfigException {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ServerConfig.fromEnv(m);
    }

    private static String refused(String variable, String... kv) {
        String message = assertThrows(ConfigException.class, () -> parse(kv)).getMessage();
        assertTrue(message.contains(variable), "the refusal names " + variable + ": " + message);
        return message;
    }

    @Test
    void singleNodeUnlessPeersAreSet() throws Exception {
        assertNull(parse().cluster());
        assertNull(parse("SEQLOG_PEERS", "  ").cluster()); // empty means unset, as for every variable
    }

    @Test
    void peersNodeIdAndNameAreRead() throws Exception {
        ClusterConfig c = parse("SEQLOG_PEERS", " n1=127.0.0.1:7401, n2=127.0.0.1:7402 ,n3=[::1]:7403",
                "SEQLOG_NODE_ID", "n2").cluster();
        assertEquals("n2", c.nodeId());
        assertEquals(List.of(new Peer("n1", "127.0.0.1", 7401), new Peer("n2", "127.0.0.1", 7402),
                new Peer("n3", "::1", 7403)), c.peers());
        assertEquals(new Peer("n2", "127.0.0.1", 7402), c.self());
        assertEquals("seqlog", c.clusterName());
        assertEquals("orders-eu.1", parse("SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_CLUSTER_NAME",
                "orders-eu.1").cluster().clusterName());
        // a one-member group is a legal start (members can be added later)
        assertEquals(1, parse("SEQLOG_PEERS", "solo=127.0.0.1:7400", "SEQLOG_NODE_ID", "solo").cluster().peers()
                .size());
    }

    @Test
    void everyVariableIsKnownSoNoneIsReportedAsATypo() throws Exception {
        ServerConfig c = parse("SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_CLUSTER_NAME", "x");
        assertEquals(List.of(), c.unknownVariables());
        assertTrue(ServerConfig.VARIABLES.containsAll(List.of("SEQLOG_PEERS", "SEQLOG_NODE_ID", "SEQLOG_CLUSTER_NAME")));
        // the copies made by the with* methods keep the cluster settings
        assertEquals(c.cluster(), c.withPort(0).cluster());
    }

    @Test
    void badPeersAreRefusedNamingTheVariable() {
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1", "SEQLOG_NODE_ID", "n1");
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1=127.0.0.1", "SEQLOG_NODE_ID", "n1");
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1=127.0.0.1:http", "SEQLOG_NODE_ID", "n1");
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1=127.0.0.1:70000", "SEQLOG_NODE_ID", "n1");
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n 1=127.0.0.1:7401", "SEQLOG_NODE_ID", "n 1");
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1=127.0.0.1:7401,,n2=127.0.0.1:7402", "SEQLOG_NODE_ID", "n1");
        assertTrue(refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1=127.0.0.1:7401,n1=127.0.0.1:7402",
                "SEQLOG_NODE_ID", "n1").contains("id n1 twice"));
        assertTrue(refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1=127.0.0.1:7401,n2=127.0.0.1:7401",
                "SEQLOG_NODE_ID", "n1").contains("address 127.0.0.1:7401 twice"));
    }

    @Test
    void theRaftPortNeverBindsEveryInterface() {
        for (String wildcard : new String[] {"0.0.0.0", "[::]", "*"}) {
            assertTrue(refused("SEQLOG_PEERS", "SEQLOG_PEERS", "n1=" + wildcard + ":7401", "SEQLOG_NODE_ID", "n1")
                    .contains("wildcard"), wildcard);
        }
    }

    @Test
    void theNodeIdIsRequiredAndMustBeAPeer() {
        refused("SEQLOG_NODE_ID", "SEQLOG_PEERS", PEERS);
        assertTrue(refused("SEQLOG_NODE_ID", "SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n4")
                .contains("not one of the ids in SEQLOG_PEERS [n1, n2, n3]"));
    }

    @Test
    void clusterVariablesWithoutPeersAreRefused() {
        refused("SEQLOG_NODE_ID", "SEQLOG_NODE_ID", "n1");
        refused("SEQLOG_CLUSTER_NAME", "SEQLOG_CLUSTER_NAME", "orders");
    }

    @Test
    void aBadClusterNameIsRefused() {
        refused("SEQLOG_CLUSTER_NAME", "SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_CLUSTER_NAME", "a/b");
        refused("SEQLOG_CLUSTER_NAME", "SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_CLUSTER_NAME",
                "x".repeat(65));
    }

    @Test
    void theColdTiersAreNotAvailableInClusterModeYet() {
        assertTrue(refused("SEQLOG_COLD_DIR", "SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_COLD_DIR",
                "/var/cold").contains("not available in replicated mode yet"));
        assertTrue(refused("SEQLOG_S3_BUCKET", "SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_S3_BUCKET",
                "events").contains("object-store tier is not available in replicated mode yet"));
    }

    @Test
    void theHttpListenerMayNotTakeTheRaftAddress() throws Exception {
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_PORT", "7401");
        refused("SEQLOG_PEERS", "SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n2", "SEQLOG_HOST", "127.0.0.1:7402");
        // another node's Raft port on this host is not this node's business; port 0 never collides
        parse("SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_PORT", "7402");
        parse("SEQLOG_PEERS", PEERS, "SEQLOG_NODE_ID", "n1", "SEQLOG_PORT", "0");
    }
}
