package dev.seqlog.server.http;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.ForwardingFileSystem;
import dev.seqlog.core.spi.ForwardingStorageFile;
import dev.seqlog.core.spi.StorageFile;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.backup.ArchiveRestore;
import dev.seqlog.server.backup.BackupManifest;
import dev.seqlog.server.config.ConfigException;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.TestDir;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v0/admin/backup} (API §16.3) against a server with a data directory: the archive's shape and
 * headers, who may take one, one at a time, and a backup taken under write load that restores, topic by topic
 * and record by record, to exactly what the server held at the backup's instant.
 */
class BackupRouteTest {
    private static final String[] TOPICS = {"f", "d", "m"};
    private SeqlogServer server;
    private URI base;

    @BeforeAll
    static void http() {
        Http.init();
    }

    @BeforeEach
    void start(TestDir dir) throws ConfigException {
        server = SeqlogServer.start(ServerConfig.fromEnv(Map.of("SEQLOG_API_KEYS",
                "ops::, r:read, adm:admin, t:admin:tenant:")).withPort(0).withDataDir(dir.path().resolve("data")));
        base = server.baseUri();
        await().until(() -> server.engine().isReady());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<InputStream> get(String key) throws IOException, InterruptedException {
        return Http.client().send(Http.request(base, "GET", "/v0/admin/backup", null, null,
                Map.of("Authorization", "Bearer " + key)), HttpResponse.BodyHandlers.ofInputStream());
    }

    private Http.Resp getWhole(String key) {
        return Http.send(base, "GET", "/v0/admin/backup", null, null, Map.of("Authorization", "Bearer " + key));
    }

    @Test
    void onlyAnUnrestrictedAdminKeyMayTakeOne() {
        Http.Resp r = getWhole("r");
        assertEquals(403, r.status(), r.toString());
        assertEquals("admin", r.at("error.detail.required_scope"));
        Http.Resp t = getWhole("t");
        assertEquals(403, t.status(), t.toString());
        assertEquals("prefix_restricted_key", t.at("error.detail.reason"));
        assertEquals(401, Http.send(base, "GET", "/v0/admin/backup", null, null, Map.of()).status());
        assertEquals(200, getWhole("adm").status());
    }

    @Test
    void theArchiveIsTarWithEveryFileUnderDataAndTheManifestLast() throws IOException {
        EventLog log = server.engine();
        log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
        log.append("f", AppendRequest.of(RecordInput.json("{\"a\":1}")));
        Http.Resp r = getWhole("ops");
        assertEquals(200, r.status());
        assertEquals("application/x-tar", r.header("Content-Type"));
        assertTrue(r.header("Content-Disposition").matches("attachment; filename=\"seqlog-backup-\\d+\\.tar\""),
                r.header("Content-Disposition"));
        List<String> names = new ArrayList<>();
        byte[] manifest = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(r.body()))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                if (e.getName().equals(BackupManifest.NAME)) {
                    manifest = tar.readAllBytes();
                }
            }
        }
        assertEquals(BackupManifest.NAME, names.get(names.size() - 1), names.toString());
        assertTrue(names.subList(0, names.size() - 1).stream().allMatch(n -> n.startsWith("data/")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("data/snapshots/")), names.toString());
        String json = new String(manifest, StandardCharsets.UTF_8);
        Object files = JsonValue.at(JsonValue.parse(json), "files");
        assertEquals(names.size() - 1, ((List<?>) files).size(), json);
        assertEquals("seqlog-backup", JsonValue.at(JsonValue.parse(json), "format"));
        assertEquals(1L, ((Number) JsonValue.at(JsonValue.parse(json), "format_version")).longValue());
        assertEquals(1L, ((Number) JsonValue.at(JsonValue.parse(json), "topics")).longValue());
    }

    @Test
    void aSecondBackupWhileOneStreamsIsThrottled() throws Exception {
        EventLog log = server.engine();
        log.configure("big", TopicConfig.builder().durability(Durability.DISK).build());
        String payload = "\"" + "x".repeat(8000) + "\"";
        for (int i = 0; i < 40; i++) {
            List<RecordInput> batch = new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                batch.add(RecordInput.json(payload));
            }
            log.append("big", AppendRequest.of(batch)); // 32 MB: more than the socket buffers hold
        }
        HttpResponse<InputStream> first = get("ops");
        try (InputStream in = first.body()) {
            assertEquals(200, first.statusCode());
            in.readNBytes(1024); // the first stays open, unread, with the server blocked on it
            Http.Resp second = getWhole("ops");
            assertEquals(429, second.status(), second.toString());
            assertEquals("max_concurrent_backups", second.at("error.detail.limit"));
            assertEquals(1L, second.num("error.detail.max"));
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        await().untilAsserted(() -> assertEquals(200, getWhole("ops").status()));
    }

    @Test
    void aBackupTakenUnderWriteLoadRestoresRecordByRecord(TestDir target) throws Exception {
        EventLog log = server.engine();
        log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
        log.configure("d", TopicConfig.builder().durability(Durability.DISK).build());
        log.configure("m", TopicConfig.builder().durability(Durability.MEMORY).build());
        Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (String t : TOPICS) {
            acked.put(t, new AtomicInteger());
            Thread w = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    log.append(t, AppendRequest.of(RecordInput.json("{\"t\":\"" + t + "\",\"i\":" + i + "}")
                            .withTag("k" + i % 3)));
                    acked.get(t).incrementAndGet();
                }
            }, "writer-" + t);
            w.start();
            writers.add(w);
        }
        byte[] archive;
        Map<String, Integer> before = new ConcurrentHashMap<>();
        try {
            await().until(() -> acked.values().stream().allMatch(a -> a.get() > 300));
            acked.forEach((t, n) -> before.put(t, n.get()));
            Http.Resp r = getWhole("ops");
            assertEquals(200, r.status());
            archive = r.body();
            await().until(() -> acked.values().stream().allMatch(a -> a.get() > before.get(findTopic(acked, a)) + 50));
        } finally {
            stop.set(true);
            for (Thread w : writers) {
                w.join();
            }
        }
        java.nio.file.Path dir = target.path().resolve("restored");
        ArchiveRestore.restore(new JdkFileSystem(), new ByteArrayInputStream(archive), dir, dir.resolve("cold"));
        try (SeqlogEngine restored = SeqlogEngine.open(EngineOptions.builder().dataDir(dir).build())) {
            for (String t : TOPICS) {
                List<TopicRecord> got = records(restored, t);
                List<TopicRecord> source = records(log, t);
                assertTrue(got.size() >= before.get(t), t + ": every write acknowledged before the request is in it: "
                        + got.size() + " < " + before.get(t));
                assertTrue(got.size() < source.size(), t + ": writes after the backup are not");
                assertEquals(source.subList(0, got.size()), got, t);
            }
        }
    }

    @Test
    void aFailurePartWayAbortsTheConnectionSoThePartialArchiveHasNoManifest(TestDir other) throws Exception {
        FailingReads fs = new FailingReads();
        try (SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().dataDir(other.path())
                .fileSystem(fs).build());
             SeqlogServer failing = SeqlogServer.start(ServerConfig.fromEnv(Map.of()).withPort(0), engine)) {
            engine.configure("big", TopicConfig.builder().durability(Durability.DISK).build());
            String payload = "\"" + "y".repeat(8000) + "\"";
            for (int i = 0; i < 40; i++) {
                List<RecordInput> batch = new ArrayList<>();
                for (int k = 0; k < 100; k++) {
                    batch.add(RecordInput.json(payload));
                }
                engine.append("big", AppendRequest.of(batch));
            }
            HttpResponse<InputStream> r = Http.client().send(Http.request(failing.baseUri(), "GET",
                    "/v0/admin/backup", null, null, Map.of()), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            try (InputStream in = r.body()) {
                got.write(in.readNBytes(1024));
                fs.failSegmentReads.set(true); // the server is held up by this unread client, well before the end
                assertThrows(IOException.class, () -> in.transferTo(got));
            }
            List<String> names = new ArrayList<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(got.toByteArray()))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    names.add(e.getName());
                }
            } catch (IOException truncated) {
                // expected too: the stream stops inside a member
            }
            assertFalse(names.contains(BackupManifest.NAME), names.toString());
            fs.failSegmentReads.set(false);
            await().untilAsserted(() -> assertEquals(200, Http.send(failing.baseUri(), "GET", "/v0/admin/backup",
                    null, null, Map.of()).status())); // the slot and the pins were released
        }
    }

    /** The JDK file system, except that reads of segment files fail once {@link #failSegmentReads} is set. */
    private static final class FailingReads extends ForwardingFileSystem {
        final AtomicBoolean failSegmentReads = new AtomicBoolean();

        FailingReads() {
            super(new JdkFileSystem());
        }

        @Override
        public StorageFile open(java.nio.file.Path path, boolean create) throws IOException {
            StorageFile f = super.open(path, create);
            return !path.toString().endsWith(".seg") ? f : new ForwardingStorageFile(f) {
                @Override
                public int read(java.nio.ByteBuffer dst, long position) throws IOException {
                    if (failSegmentReads.get()) {
                        throw new IOException("injected read failure: path=" + path);
                    }
                    return super.read(dst, position);
                }
            };
        }
    }

    private static String findTopic(Map<String, AtomicInteger> acked, AtomicInteger a) {
        return acked.entrySet().stream().filter(e -> e.getValue() == a).findFirst().orElseThrow().getKey();
    }

    private static List<TopicRecord> records(EventLog log, String topic) {
        List<TopicRecord> out = new ArrayList<>();
        long from = 0;
        while (true) {
            DiffResult r = log.diff(topic, new DiffRequest(from, 1000, java.util.Set.of(), true, true, 0));
            out.addAll(r.records());
            if (r.records().isEmpty() || r.nextFromSeq() > r.headSeq()) {
                return out;
            }
            from = r.nextFromSeq();
        }
    }
}
