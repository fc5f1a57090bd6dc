package dev.seqlog.cold.s3;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.S3ProxyProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's object-store tier against a real S3-compatible server (s3proxy, a child process on
 * loopback): tiering, local reclaim, a restart that reads everything back from the bucket, and fault runs
 * where the server is read-only or slow.
 */
class S3TierEngineTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(Path data, S3ObjectStore store) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(data).clock(clock).walShards(1)
                .walFileBytes(64 << 10).segmentMaxRecords(10).objectStore(store).hotRetainSegments(1)
                .coldCacheBytes(1 << 20).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    private static void append(SeqlogEngine log, String topic, int n) {
        for (int i = 0; i < n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"i\":" + i + ",\"pad\":\"" + "y".repeat(300) + "\"}")));
        }
    }

    private static List<TopicRecord> all(SeqlogEngine log, String topic) {
        List<TopicRecord> out = new ArrayList<>();
        long from = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(from).withLimit(13));
            out.addAll(r.records());
            if (r.caughtUp()) {
                return out;
            }
            from = r.nextFromSeq();
        }
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    @Test
    void aRestartReadsEverythingBackFromTheBucketAfterTheLocalCopiesWereReclaimed(@TempDir Path tmp)
            throws IOException {
        try (S3ProxyProcess s3 = S3ProxyProcess.start(tmp.resolve("s3"))) {
            S3Fixture.createBucket(s3);
            Path data = tmp.resolve("data");
            List<TopicRecord> expected;
            try (S3ObjectStore store = S3ObjectStore.open(S3Fixture.settings(s3, "node-a"))) {
                try (SeqlogEngine log = open(data, store)) {
                    append(log, "t", 95);
                    log.checkpoint();
                    log.delete("t", DeleteRequest.before(5)); // deletes inside a tiered segment
                    log.checkpoint();
                    log.checkpoint();
                    assertEquals(8, log.tierStats().uploads());
                    assertEquals(2, segments(data.resolve("segments")), "one hot sealed, one active");
                    assertEquals(16, store.list("segments/").size(), "each segment and its index");
                    expected = all(log, "t");
                    assertEquals(91, expected.size());
                }
                try (SeqlogEngine log = open(data, store)) {
                    assertEquals(expected, all(log, "t"));
                    assertEquals(8, log.tierStats().fetches(), "each tiered segment fetched once");
                    assertEquals(expected, all(log, "t"));
                    assertEquals(8, log.tierStats().fetches(), "then served from the cache");
                }
            }
        }
    }

    @Test
    void aReadOnlyOrSlowStoreNeverFailsAnAppend(@TempDir Path tmp) throws IOException {
        try (S3ProxyProcess s3 = S3ProxyProcess.start(tmp.resolve("s3"))) {
            S3Fixture.createBucket(s3);
            s3.restart(s3.options().withReadOnly(true));
            Path data = tmp.resolve("data");
            try (S3ObjectStore store = S3ObjectStore.open(S3Fixture.settings(s3, "ro"));
                 SeqlogEngine log = open(data, store)) {
                append(log, "t", 50);
                log.checkpoint();
                assertEquals(1, log.tierStats().uploadErrors());
                assertTrue(log.tierStats().lagSegments() > 0);
                append(log, "t", 20);
                assertEquals(70, all(log, "t").size());

                s3.restart(s3.options().withReadOnly(false).withLatency(200));
                clock.advance(60_000); // past the back-off
                // each upload now takes six slow requests: a pass stops starting uploads after its time budget,
                // so the backlog drains over a few passes
                for (int pass = 0; pass < 30 && (pass == 0 || log.tierStats().lagSegments() > 0); pass++) {
                    log.checkpoint();
                }
                assertEquals(0, log.tierStats().lagSegments());
                assertTrue(log.tierStats().uploads() >= 4);
                append(log, "t", 1);
                assertEquals(71, all(log, "t").size());
            }
        }
    }
}
