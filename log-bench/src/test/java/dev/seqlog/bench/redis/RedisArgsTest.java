package dev.seqlog.bench.redis;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The redis-server command line; builds arguments only, starts nothing. Single-threaded. */
class RedisArgsTest {

    @Test
    void aofOnWithThePairingsFsyncNoSnapshotsNoRewriteLoopbackForeground() {
        Path dir = Path.of("scratch", "aof").toAbsolutePath();
        List<String> cmd = RedisArgs.command("redis-server", "always", dir, 6400);
        assertEquals(List.of("redis-server", "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--auto-aof-rewrite-percentage", "0", "--dir", dir.toString(), "--port", "6400", "--bind", "127.0.0.1",
                "--daemonize", "no"), cmd);
    }

    @Test
    void everysecForTheDiskPairing() {
        List<String> cmd = RedisArgs.command("redis-server", Pairing.DISK_EVERYSEC.appendfsync(), Path.of("d"), 7000);
        assertEquals("everysec", cmd.get(cmd.indexOf("--appendfsync") + 1));
        assertEquals("fsync", Pairing.FSYNC_ALWAYS.seqlogClass());
        assertEquals("always", Pairing.FSYNC_ALWAYS.appendfsync());
    }

    @Test
    void refusesAPolicyWithoutASeqlogCounterpartAndBadPorts() {
        assertThrows(IllegalArgumentException.class, () -> RedisArgs.command("redis-server", "no", Path.of("d"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> RedisArgs.command("redis-server", "always", Path.of("d"), 0));
    }
}
