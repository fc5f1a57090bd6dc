package dev.seqlog.replication;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peers parse from {@code id=host:port}; a configuration that cannot form a cluster is refused with the reason. */
class ClusterSettingsTest {

    @Test
    void peersParseAndTheNodeFindsItself() {
        ClusterSettings s = ClusterSettings.builder().nodeId("b").storageDir(Path.of("data"))
                .peers("a=10.0.0.1:7000", "b=node-b.internal:7001", "c=[::1]:7002").build();
        assertEquals(new Peer("b", "node-b.internal", 7001), s.self());
        assertEquals("[::1]:7002", s.peers().get(2).address());
        assertEquals("::1", s.peers().get(2).host());
        assertEquals(s.groupId(), ClusterSettings.builder().nodeId("a").storageDir(Path.of("x"))
                .peers("a=h:1").build().groupId(), "every node of a cluster derives the same group id");
    }

    @Test
    void whatCannotFormAClusterIsRefused() {
        for (String bad : new String[] {"a", "a=host", "a=host:", "=host:1", "a=:1", "a=host:x", "a=host:70000",
            "a b=host:1",
            "a=0.0.0.0:1", "a=[::]:1"}) {
            assertThrows(IllegalArgumentException.class, () -> Peer.parse(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder()
                .nodeId("z").storageDir(Path.of("d")).peers("a=h:1", "b=h:2").build());
        assertTrue(e.getMessage().contains("not one of the peers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder()
                .nodeId("a").storageDir(Path.of("d")).peers("a=h:1", "a=h:2").build());
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder()
                .nodeId("a").storageDir(Path.of("d")).peers("a=h:1", "b=h:1").build());
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterSettings.builder().nodeId("a")
                .peers("a=h:1").build(), "a storage directory is required");
    }
}
