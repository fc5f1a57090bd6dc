package dev.seqlog.cold.s3;

import static dev.seqlog.cold.s3.S3Fixture.BUCKET;
import static dev.seqlog.cold.s3.S3Fixture.content;
import static dev.seqlog.cold.s3.S3Fixture.put;
import static dev.seqlog.cold.s3.S3Fixture.read;
import static dev.seqlog.cold.s3.S3Fixture.sha256;
import static dev.seqlog.cold.s3.S3Fixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqlog.core.spi.ObjectStore.ObjectExistsException;
import dev.seqlog.core.spi.ObjectStore.ObjectInfo;
import dev.seqlog.testsupport.S3ProxyProcess;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The ObjectStore contract against a real S3 server (S3Proxy, filesystem backend), one prefix per test. */
class S3ObjectStoreTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    @TempDir
    static Path proxyDir;
    private static S3ProxyProcess s3;

    private String prefix;

    @BeforeAll
    static void startS3() throws IOException {
        s3 = S3ProxyProcess.start(proxyDir);
        S3Fixture.createBucket(s3);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void prefix(TestInfo test) {
        prefix = "t" + TESTS.incrementAndGet() + "-" + test.getTestMethod().orElseThrow().getName() + "/";
    }

    private S3ObjectStore open() throws IOException {
        return S3ObjectStore.open(S3Fixture.settings(s3, prefix));
    }

    @Test
    void roundTripOfFiveMebibytes() throws IOException {
        ByteBuffer content = content(5 * 1024 * 1024, 1);
        String digest = sha256(content);
        try (S3ObjectStore store = open()) {
            store.create("seg/1.seg", content, digest);
            assertEquals(0, content.position(), "the caller's buffer is not consumed");
            assertEquals(5 * 1024 * 1024, content.limit());

            assertEquals(new ObjectInfo(content.remaining(), digest), store.head("seg/1.seg"));
            assertEquals(content, read(store, "seg/1.seg", 0, content.remaining()));

            ByteBuffer direct = ByteBuffer.allocateDirect(content.remaining());
            store.read("seg/1.seg", 0, direct);
            assertFalse(direct.hasRemaining(), "advanced to its limit");
            assertEquals(content, direct.flip());
        }
    }

    @Test
    void createSendsOnlyTheRemainingBytes() throws IOException {
        ByteBuffer whole = text("headerBODYtrailer");
        ByteBuffer body = whole.duplicate().position(6).limit(10);
        try (S3ObjectStore store = open()) {
            store.create("part", body, sha256(body));
            assertEquals(6, body.position());
            assertEquals(10, body.limit());
            assertEquals(text("BODY"), read(store, "part", 0, 4));
            assertEquals(4, store.head("part").length());
        }
    }

    @Test
    void rangedReadsAtStartMiddleAndEnd() throws IOException {
        ByteBuffer content = content(1024 * 1024 + 7, 2);
        int length = content.remaining();
        try (S3ObjectStore store = open()) {
            put(store, "obj", content);
            assertEquals(content.duplicate().limit(100), read(store, "obj", 0, 100));
            assertEquals(content.duplicate().position(500_000).limit(500_000 + 4096), read(store, "obj", 500_000, 4096));
            assertEquals(content.duplicate().position(length - 100), read(store, "obj", length - 100, 100));
            assertEquals(content.duplicate().position(length - 1), read(store, "obj", length - 1, 1));

            // into the middle of a larger array-backed buffer: only position..limit is written
            byte[] backing = new byte[300];
            ByteBuffer window = ByteBuffer.wrap(backing, 100, 100).slice();
            store.read("obj", 1000, window);
            assertEquals(content.duplicate().position(1000).limit(1100), ByteBuffer.wrap(backing, 100, 100));
            assertEquals(ByteBuffer.allocate(100), ByteBuffer.wrap(backing, 0, 100));
            assertEquals(ByteBuffer.allocate(100), ByteBuffer.wrap(backing, 200, 100));
        }
    }

    @Test
    void readingPastTheEndIsEof() throws IOException {
        ByteBuffer content = content(1000, 3);
        try (S3ObjectStore store = open()) {
            put(store, "obj", content);
            assertThrows(EOFException.class, () -> read(store, "obj", 990, 20), "range crosses the end");
            assertThrows(EOFException.class, () -> read(store, "obj", 1000, 1), "range starts at the end");
            assertThrows(EOFException.class, () -> read(store, "obj", 5000, 10), "range starts past the end");
            assertThrows(EOFException.class, () -> read(store, "obj", 1001, 0), "empty range past the end");
            assertEquals(0, read(store, "obj", 1000, 0).remaining(), "an empty range at the end is fine");
        }
    }

    @Test
    void emptyObject() throws IOException {
        ByteBuffer empty = ByteBuffer.allocate(0);
        try (S3ObjectStore store = open()) {
            put(store, "empty", empty);
            assertEquals(new ObjectInfo(0, sha256(empty)), store.head("empty"));
            assertEquals(0, read(store, "empty", 0, 0).remaining());
            assertThrows(EOFException.class, () -> read(store, "empty", 0, 1));
        }
    }

    @Test
    void missingKey() throws IOException {
        try (S3ObjectStore store = open()) {
            assertNull(store.head("absent"));
            NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> read(store, "absent", 0, 10));
            assertEquals("absent", e.getFile());
            assertThrows(NoSuchFileException.class, () -> read(store, "absent", 0, 0));
        }
    }

    @Test
    void createIsCreateOnly() throws IOException {
        ByteBuffer first = content(10_000, 4);
        ByteBuffer second = content(20_000, 5);
        try (S3ObjectStore store = open()) {
            put(store, "k", first);
            ObjectExistsException e = assertThrows(ObjectExistsException.class, () -> put(store, "k", second));
            assertTrue(e.getMessage().contains("k"), e.getMessage());
            assertThrows(ObjectExistsException.class, () -> put(store, "k", first), "even with the same bytes");

            assertEquals(new ObjectInfo(10_000, sha256(first)), store.head("k"));
            assertEquals(first, read(store, "k", 0, 10_000));
        }
    }

    @Test
    void deleteRemovesAndAbsentIsFine() throws IOException {
        try (S3ObjectStore store = open()) {
            put(store, "gone", text("bytes"));
            store.delete("gone");
            assertNull(store.head("gone"));
            assertThrows(NoSuchFileException.class, () -> read(store, "gone", 0, 1));
            store.delete("gone");
            store.delete("never-was");
            put(store, "gone", text("again")); // the key is free again
            assertEquals(text("again"), read(store, "gone", 0, 5));
        }
    }

    @Test
    void listPagesThroughKeysUnderAPrefix() throws IOException {
        Set<String> segments = new TreeSet<>();
        try (S3ObjectStore store = S3ObjectStore.open(S3Fixture.settings(s3, prefix), 3)) {
            for (int i = 0; i < 10; i++) {
                segments.add("seg/" + i + ".seg");
                put(store, "seg/" + i + ".seg", text("s" + i));
            }
            put(store, "idx/0.idx", text("i0"));
            put(store, "segment-note", text("n"));

            List<String> listed = store.list("seg/");
            assertEquals(10, listed.size(), "no key twice across pages: " + listed);
            assertEquals(segments, new TreeSet<>(listed));
            assertEquals(12, store.list("").size());
            assertEquals(11, store.list("seg").size());
            assertEquals(List.of("idx/0.idx"), store.list("idx/"));
            assertEquals(List.of(), store.list("nothing/"));
        }
    }

    @Test
    void prefixesIsolateStoresInOneBucket() throws IOException {
        S3Settings a = S3Fixture.settings(s3, prefix + "a");
        S3Settings b = S3Fixture.settings(s3, "/" + prefix + "b/");
        assertEquals(prefix + "a/", a.prefix());
        assertEquals(prefix + "b/", b.prefix());
        try (S3ObjectStore storeA = S3ObjectStore.open(a); S3ObjectStore storeB = S3ObjectStore.open(b);
             S3ObjectStore whole = S3ObjectStore.open(S3Fixture.settings(s3, prefix))) {
            put(storeA, "k", text("from a"));
            put(storeB, "k", text("from b, longer"));
            put(storeB, "only-b", text("b"));

            assertEquals(List.of("k"), storeA.list(""));
            assertEquals(new TreeSet<>(List.of("k", "only-b")), new TreeSet<>(storeB.list("")));
            assertEquals(text("from a"), read(storeA, "k", 0, 6));
            assertNull(storeA.head("only-b"));
            assertEquals(new TreeSet<>(List.of("a/k", "b/k", "b/only-b")), new TreeSet<>(whole.list("")));

            storeA.delete("k");
            assertEquals(14, storeB.head("k").length());
            assertTrue(storeA.describe().contains(BUCKET + "/" + prefix + "a/"), storeA.describe());
        }
    }

    @Test
    void theServerChecksTheContentMd5ThatCreateSends() throws Exception {
        // Every create above carries Content-MD5; this shows the server compares it (S3 answers BadDigest).
        String md5OfOtherBytes = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("MD5").digest("other bytes".getBytes(StandardCharsets.UTF_8)));
        try (S3Client raw = S3Connection.client(S3Fixture.settings(s3, prefix))) {
            S3Exception e = assertThrows(S3Exception.class, () -> raw.putObject(b -> b.bucket(BUCKET)
                    .key(prefix + "damaged").contentMD5(md5OfOtherBytes), RequestBody.fromString("the bytes")));
            assertEquals(400, e.statusCode(), e.toString());
            assertEquals("BadDigest", e.awsErrorDetails().errorCode());
        }
        try (S3ObjectStore store = open()) {
            assertNull(store.head("damaged"));
        }
    }
}
