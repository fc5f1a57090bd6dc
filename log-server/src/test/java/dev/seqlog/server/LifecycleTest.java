package dev.seqlog.server;

import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedded start and stop, port file, data directory and CLI exit codes. */
class LifecycleTest {
    @Test
    void writesThePortFileAndCreatesTheDataDir(TestDir dir) throws Exception {
        Path data = dir.resolve("nested/data");
        Path portFile = dir.resolve("run/port");
        ServerConfig c = ServerConfig.fromEnv(Map.of("SEQLOG_PORT", "0", "SEQLOG_PORT_FILE", portFile.toString(),
                "SEQLOG_DATA_DIR", data.toString()));
        try (SeqlogServer s = SeqlogServer.start(c)) {
            assertTrue(Files.isDirectory(data));
            assertEquals(s.port() + "\n", Files.readString(portFile));
            assertTrue(s.port() > 0);
            assertEquals("http://127.0.0.1:" + s.port(), s.baseUri().toString());
            try (Socket sock = new Socket("127.0.0.1", s.port())) {
                assertTrue(sock.isConnected());
            }
            try (var files = Files.list(portFile.getParent())) {
                assertEquals(1, files.count(), "no temporary port file is left behind");
            }
        }
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() {
        SeqlogServer s = SeqlogServer.startInMemory();
        int port = s.port();
        s.close();
        s.close();
        assertThrows(java.io.IOException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void embeddedServerOverACallersEngine() throws Exception {
        try (dev.seqlog.core.SeqlogEngine engine = dev.seqlog.core.SeqlogEngine.inMemory();
             SeqlogServer s = SeqlogServer.start(ServerConfig.defaults().withPort(0).withDataDir(null), engine)) {
            assertTrue(s.engine() == engine);
            engine.configure("x", dev.seqlog.api.TopicConfig.defaults());
            assertEquals(0, s.engine().state("x").headSeq());
        }
    }

    private static int run(ByteArrayOutputStream err, String... args) {
        return run(Map.of(), err, args);
    }

    private static int run(Map<String, String> env, ByteArrayOutputStream err, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void exitCodes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "--bogus", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--bogus"));
        assertEquals(2, run(new ByteArrayOutputStream(), "frobnicate"));
        assertEquals(0, run(new ByteArrayOutputStream(), "--help"));
        assertEquals(0, run(new ByteArrayOutputStream(), "version"));
        ByteArrayOutputStream restore = new ByteArrayOutputStream();
        assertEquals(1, run(restore, "restore", "no-such-archive.tar", "--data-dir", "x"));
        assertTrue(restore.toString(StandardCharsets.UTF_8).contains("no such archive"));
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertEquals(1, run(Map.of("SEQLOG_MAX_LIMIT", "lots"), bad));
        assertTrue(bad.toString(StandardCharsets.UTF_8).contains("SEQLOG_MAX_LIMIT"));
        ByteArrayOutputStream open = new ByteArrayOutputStream();
        assertEquals(1, run(Map.of(), open, "--host", "0.0.0.0"));
        assertTrue(open.toString(StandardCharsets.UTF_8).contains("SEQLOG_ALLOW_INSECURE_NO_AUTH"));
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        assertEquals(1, run(Map.of("SEQLOG_API_KEYS", "hunter2:superuser"), keys));
        assertFalse(keys.toString(StandardCharsets.UTF_8).contains("hunter2"));
    }

    @Test
    void aPortInUseIsAStartupFailure(TestDir dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = run(Map.of("SEQLOG_PORT", String.valueOf(taken.getLocalPort()), "SEQLOG_DATA_DIR",
                    dir.resolve("data").toString()), err);
            assertEquals(1, code);
            // one line naming the address, before any recovery
            assertEquals("seqlog: cannot start: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is already in use", err.toString(StandardCharsets.UTF_8).strip());
            // the failed start released the data directory's lock
            try (SeqlogServer s = SeqlogServer.start(ServerConfig.defaults().withPort(0)
                    .withDataDir(dir.resolve("data")))) {
                s.awaitReady();
            }
        }
    }
}
