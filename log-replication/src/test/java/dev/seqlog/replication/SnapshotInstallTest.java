package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.backup.Backup;
import dev.seqlog.core.backup.BackupFile;
import dev.seqlog.core.backup.Restore;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.TestDir;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica whose disk was replaced comes back with an empty directory after the leader purged the start of its
 * log: it cannot catch up from the log, so it installs a checkpoint of the leader through its
 * {@link CheckpointTransfer}, then applies the entries after it, and serves exactly what the others serve.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class SnapshotInstallTest implements RatisShutdownErrors {
    private static final String TOPIC = "events";

    @Test
    void aReplicaBehindTheLeadersLogInstallsTheLeadersCheckpointOverRaft(TestDir dir) throws IOException {
        install(dir, null); // the default transfer: read-only Raft queries to the leader
    }

    @Test
    void anEmbedderMayCarryTheCheckpointItself(TestDir dir) throws IOException {
        AtomicReference<TestCluster> clusterRef = new AtomicReference<>();
        install(dir, (from, into) -> copy(clusterRef.get().node(from), into), clusterRef);
    }

    private void install(TestDir dir, CheckpointTransfer transfer) throws IOException {
        install(dir, transfer, new AtomicReference<>());
    }

    private void install(TestDir dir, CheckpointTransfer transfer, AtomicReference<TestCluster> clusterRef)
            throws IOException {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3,
                b -> b.snapshotIntervalEntries(10).retainedLogEntries(5).logSegmentBytes(64 << 10)
                        .checkpointTransfer(transfer).electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            clusterRef.set(cluster);
            ReplicatedNode leader = cluster.awaitLeader();
            leader.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            String pad = "x".repeat(1000); // a kilobyte an entry: the 64 KiB log segments fill and are purged
            for (int i = 0; i < 300; i++) {
                leader.append(TOPIC, AppendRequest.builder().idempotencyKey("k" + i)
                        .add(RecordInput.json("{\"i\":" + i + ",\"pad\":\"" + pad + "\"}")).build());
            }
            cluster.awaitConverged();
            Awaitility.await("the leader purged the start of its log").atMost(Duration.ofSeconds(20))
                    .until(() -> leader.runtime().division().getRaftLog().getStartIndex() > 50);

            String victim = cluster.ids().stream().filter(id -> !id.equals(leader.nodeId())).findFirst().orElseThrow();
            cluster.stop(victim);
            deleteTree(dir.path().resolve(victim)); // the replaced disk
            for (int i = 300; i < 320; i++) {
                leader.append(TOPIC, AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
            }

            ReplicatedNode back = cluster.start(victim);
            Awaitility.await("the replica installed a checkpoint").atMost(Duration.ofSeconds(30))
                    .until(() -> back.runtime().stateMachine().installs() >= 1);
            leader.append(TOPIC, AppendRequest.of(RecordInput.json("\"after\"")));
            cluster.awaitConverged();
            assertEquals(TestCluster.dump(leader, TOPIC), TestCluster.dump(back, TOPIC));
            assertEquals(321, back.state(TOPIC).headSeq());
            assertTrue(back.append(TOPIC, AppendRequest.builder().idempotencyKey("k7")
                    .add(RecordInput.json("0")).build()).deduped(), "the idempotency map came with the checkpoint");
        }
    }

    /** The in-memory transport: the peer's checkpoint files, each checked by size and hash, through Restore. */
    private static void copy(ReplicatedNode peer, Path into) throws IOException {
        try (Backup b = peer.checkpointForPeer().join()) {
            restore(b, into);
        }
    }

    /** Writes a backup's files into {@code into} through Restore, each checked by size and hash. */
    static void restore(Backup b, Path into) throws IOException {
        Map<String, Restore.Expected> manifest = new LinkedHashMap<>();
        try (Restore r = Restore.begin(new JdkFileSystem(), into, into.resolve("cold"))) {
            for (BackupFile f : b.files()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                b.copy(f, bytes);
                manifest.put(f.name(), new Restore.Expected(f.size(), sha256(bytes.toByteArray())));
                r.write(f.name(), new ByteArrayInputStream(bytes.toByteArray()), f.size());
            }
            r.finish(manifest);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
