package dev.seqlog.cold.s3;

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
import dev.seqlog.testsupport.S3ProxyOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store across server restarts, and against a read-only or slow server. One S3Proxy per test. */
class S3ProxyModesTest {

    @Test
    void objectsSurviveARestartAndAnOpenStoreReconnects(@TempDir Path dir) throws IOException {
        ByteBuffer content = content(200_000, 20);
        try (S3ProxyProcess s3 = S3ProxyProcess.start(dir)) {
            S3Fixture.createBucket(s3);
            try (S3ObjectStore store = S3ObjectStore.open(S3Fixture.settings(s3, "r"))) {
                put(store, "seg", content);
                int port = s3.port();

                s3.stop();
                IOException down = assertThrows(IOException.class, () -> store.head("seg"));
                assertTrue(down.getMessage().contains("cannot reach the object store"), down.getMessage());

                s3.restart();
                assertEquals(port, s3.port());
                assertEquals(new ObjectInfo(200_000, sha256(content)), store.head("seg"));
                assertEquals(content, read(store, "seg", 0, 200_000));
                assertThrows(ObjectExistsException.class, () -> put(store, "seg", text("other")));
            }
        }
    }

    @Test
    void readOnlyServerRefusesWritesButServesReads(@TempDir Path dir) throws IOException {
        ByteBuffer content = content(50_000, 21);
        try (S3ProxyProcess s3 = S3ProxyProcess.start(dir)) {
            S3Fixture.createBucket(s3);
            try (S3ObjectStore store = S3ObjectStore.open(S3Fixture.settings(s3, "ro"))) {
                put(store, "kept", content);

                s3.restart(s3.options().withReadOnly(true));
                IOException refused = assertThrows(IOException.class, () -> put(store, "new", text("x")));
                assertFalse(refused instanceof ObjectExistsException, refused.toString());
                assertTrue(refused.getMessage().contains("PutObject of key 'new'"), refused.getMessage());
                assertTrue(refused.getMessage().contains("HTTP "), refused.getMessage());
                IOException notDeleted = assertThrows(IOException.class, () -> store.delete("kept"));
                assertTrue(notDeleted.getMessage().contains("DeleteObject of key 'kept'"), notDeleted.getMessage());

                assertEquals(new ObjectInfo(50_000, sha256(content)), store.head("kept"));
                assertEquals(content, read(store, "kept", 0, 50_000));
                assertEquals(List.of("kept"), store.list(""));
                assertNull(store.head("new"));
            }
        }
    }

    @Test
    void slowServerStillAnswersEveryOperation(@TempDir Path dir) throws IOException {
        ByteBuffer content = content(100_000, 22);
        try (S3ProxyProcess s3 = S3ProxyProcess.start(dir, S3ProxyOptions.defaults().withLatency(50))) {
            S3Fixture.createBucket(s3);
            try (S3ObjectStore store = S3ObjectStore.open(S3Fixture.settings(s3, "slow"))) {
                put(store, "a", content);
                assertEquals(new ObjectInfo(100_000, sha256(content)), store.head("a"));
                assertEquals(content.duplicate().position(1000).limit(3000), read(store, "a", 1000, 2000));
                assertEquals(content, read(store, "a", 0, 100_000));
                assertEquals(List.of("a"), store.list(""));
                assertThrows(ObjectExistsException.class, () -> put(store, "a", content));
                store.delete("a");
                assertNull(store.head("a"));
            }
        }
    }

    @Test
    void transientBackendForgetsOnRestart(@TempDir Path dir) throws IOException {
        S3ProxyOptions inMemory = S3ProxyOptions.defaults().withBackend(S3ProxyOptions.Backend.TRANSIENT);
        try (S3ProxyProcess s3 = S3ProxyProcess.start(dir, inMemory)) {
            S3Fixture.createBucket(s3);
            try (S3ObjectStore store = S3ObjectStore.open(S3Fixture.settings(s3, ""))) {
                put(store, "k", text("v"));
                assertEquals(new ObjectInfo(1, sha256(text("v"))), store.head("k"));
            }
            s3.restart();
            IOException e = assertThrows(IOException.class, () -> S3ObjectStore.open(S3Fixture.settings(s3, "")));
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        }
    }
}
