package dev.seqlog.server.cli;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.backup.Restore;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ConfigException;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.TestDir;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backup} and {@code restore} end to end: a server with a data directory on port 0, the archive
 * downloaded by the command, restored offline, and every way a restore must fail cleanly (API §16.3).
 */
class BackupRestoreCommandTest {
    private SeqlogServer server;
    private Path work;

    @BeforeAll
    static void client() {
        ApiClient.shared();
    }

    @BeforeEach
    void start(TestDir dir) throws ConfigException {
        work = dir.path();
        // small segments, so the archive holds sealed ones (whose derived indexes it leaves out)
        server = SeqlogServer.start(ServerConfig.fromEnv(Map.of("SEQLOG_SEGMENT_MAX_EVENTS", "8")).withPort(0)
                .withDataDir(work.resolve("data")));
        await().until(() -> server.engine().isReady());
        EventLog log = server.engine();
        log.configure("orders", TopicConfig.builder().durability(Durability.FSYNC).build());
        for (int i = 0; i < 50; i++) {
            log.append("orders", AppendRequest.of(RecordInput.json("{\"n\":" + i + "}")));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private byte[] archive() throws IOException {
        CommandRun.Result r = CommandRun.run(server, "", "backup", work.resolve("b.tar").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("wrote "), r.err());
        assertFalse(Files.exists(work.resolve("b.tar.partial")));
        return Files.readAllBytes(work.resolve("b.tar"));
    }

    private CommandRun.Result restore(byte[] archive, Path dir) throws IOException {
        Path file = work.resolve("in.tar");
        Files.write(file, archive);
        return CommandRun.run(server, "", "restore", file.toString(), "--data-dir", dir.toString());
    }

    private static List<String> data(EventLog log) {
        return log.diff("orders", DiffRequest.from(0).withLimit(1000)).records().stream()
                .map(r -> r.seq() + ":" + r.dataString()).toList();
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.toList();
        }
    }

    private static boolean emptyOrMissing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void aRestoredDirectoryServesTheSameRecords() throws IOException {
        byte[] archive = archive();
        Path dir = work.resolve("new/nested/data");
        CommandRun.Result r = restore(archive, dir);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("restored "), r.out());
        assertFalse(Files.exists(dir.resolve(Restore.MARKER)));
        CommandRun.Result verified = CommandRun.run(server, "", "verify", dir.toString());
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertTrue(verified.out().contains("segment index absent, recovery builds it"), verified.out());
        try (SeqlogEngine restored = SeqlogEngine.open(EngineOptions.builder().dataDir(dir).build())) {
            assertEquals(data(server.engine()), data(restored));
        }
    }

    @Test
    void standardInputAndStandardOutputWork() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"backup", "-"}, new Streams(Map.of("SEQLOG_URL", server.baseUri().toString()),
                new ByteArrayInputStream(new byte[0]), new java.io.PrintStream(out, true), System.err));
        assertEquals(0, code);
        Path dir = work.resolve("from-stdin");
        CommandRun.Result r = restoreFromStdin(out.toByteArray(), dir);
        assertEquals(0, r.code(), r.err());
        try (SeqlogEngine restored = SeqlogEngine.open(EngineOptions.builder().dataDir(dir).build())) {
            assertEquals(data(server.engine()), data(restored));
        }
    }

    private CommandRun.Result restoreFromStdin(byte[] archive, Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"restore", "-", "--data-dir", dir.toString()}, new Streams(Map.of(),
                new ByteArrayInputStream(archive), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true)));
        return new CommandRun.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNonEmptyTargetIsRefusedWithStatus3AndLeftAlone() throws IOException {
        byte[] archive = archive();
        Path dir = work.resolve("busy");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "mine");
        CommandRun.Result r = restore(archive, dir);
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("not empty"), r.err());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("keep.txt")), s.toList());
        }
    }

    @Test
    void aTruncatedArchiveFailsAndLeavesTheTargetEmpty() throws IOException {
        byte[] archive = archive();
        int manifestAt = indexOf(archive, "SEQLOG-BACKUP.json".getBytes(StandardCharsets.US_ASCII));
        for (int cut : new int[] {archive.length / 3, manifestAt - 1, archive.length - 1024 - 512}) {
            Path dir = work.resolve("cut-" + cut);
            CommandRun.Result r = restore(Arrays.copyOf(archive, cut), dir);
            CommandRun.failsWith(r, 1, "restore failed, nothing was kept: ");
            assertTrue(emptyOrMissing(dir), "cut at " + cut + " left files in " + dir + ": " + listing(dir));
            assertFalse(r.err().contains("TAR"), r.err()); // the library's own wording
        }
    }

    @Test
    void aDamagedFileFailsItsChecksum() throws IOException {
        byte[] archive = archive();
        byte[] damaged = archive.clone();
        damaged[(int) firstDataOffset(archive) + 60] ^= 1; // inside the first data member (the snapshot)
        Path dir = work.resolve("damaged");
        CommandRun.Result r = restore(damaged, dir);
        CommandRun.failsWith(r, 1, "restore failed, nothing was kept: ");
        assertTrue(r.err().contains("SHA-256"), r.err());
        assertTrue(emptyOrMissing(dir));
    }

    @Test
    void anUnsupportedFormatVersionIsRefused() throws IOException {
        byte[] archive = rewriteManifest(archive(), "\"format_version\":1", "\"format_version\":2");
        Path dir = work.resolve("future");
        CommandRun.Result r = restore(archive, dir);
        CommandRun.failsWith(r, 1, "restore failed, nothing was kept: ");
        assertTrue(r.err().contains("format_version 2"), r.err());
        assertTrue(emptyOrMissing(dir));
    }

    @Test
    void aMemberOutsideTheLayoutIsRefused() throws IOException {
        byte[] archive = rebuild(archive(), "data/../../escape.seg");
        Path dir = work.resolve("escape");
        CommandRun.Result r = restore(archive, dir);
        CommandRun.failsWith(r, 1, "restore failed, nothing was kept: ");
        assertFalse(Files.exists(work.resolve("escape.seg")));
        assertTrue(emptyOrMissing(dir));
    }

    @Test
    void usageErrorsExitWith2() {
        CommandRun.Result r = CommandRun.run(server, "", "restore", "x.tar");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--data-dir"), r.err());
        CommandRun.Result help = CommandRun.run(server, "", "restore", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--cold-dir"), help.out());
    }

    @Test
    void theServerRefusesADirectoryWhoseRestoreDidNotFinish() throws IOException {
        Path dir = work.resolve("half");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(Restore.MARKER), "");
        SeqlogException e = assertThrows(SeqlogException.class,
                () -> SeqlogEngine.open(EngineOptions.builder().dataDir(dir).build()).close());
        assertTrue(e.getMessage().contains("restore"), e.getMessage());
    }

    private static long firstDataOffset(byte[] archive) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            in.getNextEntry();
            return indexOf(archive, in.readAllBytes());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** The same archive with text replaced in its manifest. */
    private static byte[] rewriteManifest(byte[] archive, String from, String to) throws IOException {
        return copy(archive, null, from, to);
    }

    /** The same archive with one more data member, named {@code extra}, in front of the manifest. */
    private static byte[] rebuild(byte[] archive, String extra) throws IOException {
        return copy(archive, extra, null, null);
    }

    private static byte[] copy(byte[] archive, String extra, String from, String to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] body = in.readAllBytes();
                if (e.getName().equals("SEQLOG-BACKUP.json")) {
                    if (extra != null) {
                        put(tar, extra, new byte[] {1, 2, 3});
                    }
                    if (from != null) {
                        body = new String(body, StandardCharsets.UTF_8).replace(from, to)
                                .getBytes(StandardCharsets.UTF_8);
                    }
                }
                put(tar, e.getName(), body);
            }
        }
        return out.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] body) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(body.length);
        tar.putArchiveEntry(e);
        tar.write(body);
        tar.closeArchiveEntry();
    }
}
