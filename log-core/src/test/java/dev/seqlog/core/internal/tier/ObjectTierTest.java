package dev.seqlog.core.internal.tier;

import dev.seqlog.core.internal.segment.ObjectSource;
import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.DirectoryObjectStore;
import dev.seqlog.core.spi.ObjectStore;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import dev.seqlog.core.Internals;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.topic.TopicLog;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object-store tier end to end on a directory store: segments beyond the hot retention are uploaded,
 * verified, recorded and reclaimed locally; reads come back through the cache, after a restart too; deletes
 * inside tiered segments and cap eviction from them persist; unreferenced objects are collected; a failing
 * store never fails an append.
 */
class ObjectTierTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir, ObjectStore store, long cacheBytes) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data")).clock(clock)
                .walShards(1).walFileBytes(64 << 10).segmentMaxRecords(10).objectStore(store).hotRetainSegments(1)
                .coldCacheBytes(cacheBytes).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    private static void append(SeqlogEngine log, String topic, int n, String tag) {
        for (int i = 0; i < n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"i\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}")
                    .withTag(tag).withMeta("{\"m\":" + i + "}")));
        }
    }

    private static List<TopicRecord> all(SeqlogEngine log, String topic) {
        List<TopicRecord> out = new ArrayList<>();
        long from = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(from).withLimit(7).withTags(true).withMeta(true));
            out.addAll(r.records());
            if (r.caughtUp()) {
                return out;
            }
            from = r.nextFromSeq();
        }
    }

    private static long count(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void tieredSegmentsReadBackTransparentlyAfterTheirLocalCopiesAreReclaimed(TestDir dir) throws IOException {
        Path objects = dir.path().resolve("objects");
        DirectoryObjectStore store = new DirectoryObjectStore(new JdkFileSystem(), objects);
        List<TopicRecord> expected;
        try (SeqlogEngine log = open(dir, store, 1 << 20)) {
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "t", 25, "keep");
            append(log, "t", 10, "drop");
            append(log, "t", 20, "keep");
            log.checkpoint(); // five sealed segments: four uploaded
            assertEquals(4, count(objects, ".seg"));
            assertEquals(4, count(objects, ".idx"));
            assertEquals(4, log.tierStats().uploads());
            log.delete("t", DeleteRequest.matching(TagMatch.eq("drop"))); // inside tiered segments
            log.checkpoint();
            log.checkpoint(); // no retained snapshot names the hot copies now
            assertEquals(2, count(dir.path().resolve("data/segments"), ".seg"), "one hot sealed, one active");
            expected = all(log, "t");
            assertEquals(45, expected.size());
        }
        try (SeqlogEngine log = open(dir, store, 1 << 20)) {
            // the tag index is rebuilt at start-up from tagged segments, tiered ones included
            assertEquals(expected, all(log, "t"));
            assertTrue(log.tierStats().fetches() >= 4, "fetched " + log.tierStats().fetches());
            append(log, "t", 1, "keep");
        }
    }

    @Test
    void aReadFetchesOnlyTheChunksAroundItsRecordsGuidedByTheSparseIndex(TestDir dir) throws IOException {
        DirectoryObjectStore store = new DirectoryObjectStore(new JdkFileSystem(), dir.path().resolve("objects"));
        String pad = "z".repeat(2000);
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data"))
                .clock(clock).walShards(1).segmentMaxRecords(10_000).objectStore(store).hotRetainSegments(0)
                .backgroundExpiry(false).backgroundCheckpoints(false).build())) {
            for (int i = 0; i < 100; i++) {
                AppendRequest.Builder b = AppendRequest.builder();
                for (int j = 0; j < 100; j++) {
                    b.add(RecordInput.json("{\"i\":" + (i * 100 + j) + ",\"pad\":\"" + pad + "\"}"));
                }
                log.append("big", b.build());
            }
            log.append("big", AppendRequest.of(RecordInput.json("1"))); // seals the first segment
            log.checkpoint();
            log.checkpoint();
            log.checkpoint();
            assertEquals(1, log.tierStats().uploads());
            long segmentBytes = log.tierStats().uploadedBytes();
            assertTrue(segmentBytes > 16 << 20, "a segment of many chunks: " + segmentBytes);

            List<TopicRecord> page = log.diff("big", DiffRequest.from(5_000).withLimit(5)).records();
            assertEquals(5_001, page.get(0).seq());
            assertTrue(page.get(0).dataString().contains("\"i\":5000"), page.get(0).dataString());
            long fetched = log.tierStats().fetchedBytes();
            assertTrue(fetched <= SegmentCache.READ_AHEAD + 2 * SegmentCache.CHUNK,
                    "a read in the middle fetches its chunk and the read-ahead, not the segment: " + fetched);
            assertEquals(1, log.tierStats().fetches());

            assertEquals(10_001, all(log, "big").size()); // a full scan fetches the rest, chunk run by chunk run
            assertTrue(log.tierStats().fetchedBytes() >= segmentBytes - SegmentCache.CHUNK);
            long before = log.tierStats().fetches();
            assertEquals(10_001, all(log, "big").size());
            assertEquals(before, log.tierStats().fetches(), "everything is cached now");

            log.delete("big", DeleteRequest.before(11)); // a delete fetches what is missing (nothing now)
            assertEquals(9_991, all(log, "big").size());
        }
    }

    @Test
    void withBackgroundCheckpointsUploadsRunOnTheirOwnThreadAndReadsFollow(TestDir dir) throws IOException {
        Path objects = dir.path().resolve("objects");
        DirectoryObjectStore store = new DirectoryObjectStore(new JdkFileSystem(), objects);
        List<TopicRecord> expected;
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data"))
                .clock(clock).walShards(1).segmentMaxRecords(10).objectStore(store).hotRetainSegments(1)
                .backgroundExpiry(false).build())) {
            append(log, "t", 55, "a");
            log.checkpoint(); // the round starts on the tier thread; the pass does not wait for it
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.tierStats().uploads() == 4);
            log.delete("t", DeleteRequest.before(3));
            log.checkpoint();
            log.checkpoint();
            expected = all(log, "t");
            assertEquals(53, expected.size()); // seqs 1 and 2 deleted
        }
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data"))
                .clock(clock).walShards(1).segmentMaxRecords(10).objectStore(store).hotRetainSegments(1)
                .backgroundExpiry(false).build())) {
            assertEquals(expected, all(log, "t"));
        }
    }

    @Test
    void anUploadDuringWhichACheckpointTookDeleteFlagsIsNotSwitchedTo(TestDir dir) throws IOException {
        DirectoryObjectStore store = new DirectoryObjectStore(new JdkFileSystem(), dir.path().resolve("objects"));
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path().resolve("data"))
                .clock(clock).walShards(1).segmentMaxRecords(10).objectStore(store).hotRetainSegments(5)
                .backgroundExpiry(false).backgroundCheckpoints(false).build())) {
            append(log, "t", 5, "a");
            append(log, "t", 1, "mid"); // seq 6, inside the first segment
            append(log, "t", 19, "a");
            log.checkpoint(); // sealed and mapped, nothing beyond the hot retention yet
            TopicLog t = Internals.topic(log, "t");
            List<Integer> captures = new ArrayList<>();
            List<Segment> due = t.tiering().coldCandidates(0, 0, captures);
            assertEquals(2, due.size());
            // as if an upload of the first segment were running now: a delete lands in it, and a checkpoint
            // takes its flag to write into the file the upload is reading
            log.delete("t", DeleteRequest.matching(TagMatch.eq("mid")));
            log.checkpoint();
            ObjectSource object = new ObjectSource() {
                @Override
                public long objectId() {
                    return 42;
                }

                @Override
                public Resident open(boolean mayFetch) {
                    throw new AssertionError("never read");
                }

                @Override
                public void fetchAround(int number) {
                    throw new AssertionError("never read");
                }

                @Override
                public void fetchAll() {
                    throw new AssertionError("never read");
                }
            };
            Segment first = due.get(0).baseSeq < due.get(1).baseSeq ? due.get(0) : due.get(1);
            Segment second = first == due.get(0) ? due.get(1) : due.get(0);
            int firstCaptures = captures.get(due.indexOf(first));
            int secondCaptures = captures.get(due.indexOf(second));
            assertFalse(t.tiering().switchToObjects(first, object, firstCaptures), "its upload may lack the flag");
            assertTrue(t.tiering().switchToObjects(second, object, secondCaptures), "no flag taken: switched");
        }
    }

    @Test
    void aSmallCacheEvictsAndStillServesEveryRecord(TestDir dir) throws IOException {
        DirectoryObjectStore store = new DirectoryObjectStore(new JdkFileSystem(), dir.path().resolve("objects"));
        try (SeqlogEngine log = open(dir, store, 1)) { // any second segment evicts the first
            append(log, "t", 60, "a");
            log.checkpoint();
            log.checkpoint();
            log.checkpoint();
            List<TopicRecord> first = all(log, "t");
            assertEquals(60, first.size());
            assertEquals(first, all(log, "t"));
            assertTrue(log.tierStats().fetches() >= 8, "every segment fetched at least twice");
            assertTrue(log.tierStats().cachedBytes() < 8 << 10, "holds about one segment");
        }
    }

    @Test
    void capEvictionFromATieredSegmentAndTopicDeletionCollectObjects(TestDir dir) throws IOException {
        Path objects = dir.path().resolve("objects");
        DirectoryObjectStore store = new DirectoryObjectStore(new JdkFileSystem(), objects);
        try (SeqlogEngine log = open(dir, store, 1 << 20)) {
            log.configure("c", TopicConfig.builder().capRecords(45).build());
            append(log, "c", 45, "a");
            log.checkpoint();
            assertEquals(3, count(objects, ".seg"));
            append(log, "c", 3, "b"); // evicts seqs 1-3, inside the oldest tiered segment
            assertEquals(45, all(log, "c").size());
            assertEquals(4, all(log, "c").get(0).seq());
            log.checkpoint();
            log.checkpoint();
        }
        try (SeqlogEngine log = open(dir, store, 1 << 20)) {
            List<TopicRecord> after = all(log, "c");
            assertEquals(45, after.size());
            assertEquals(4, after.get(0).seq());
            log.deleteTopic("c");
            log.checkpoint();
            log.checkpoint();
            assertEquals(0, count(objects, ".seg"), "objects of the deleted topic collected");
            assertTrue(log.tierStats().collected() >= 3);
        }
    }

    @Test
    void aFailingStoreNeverFailsAnAppendAndTieringResumesAfterTheBackOff(TestDir dir) throws IOException {
        AtomicBoolean down = new AtomicBoolean(true);
        DirectoryObjectStore inner = new DirectoryObjectStore(new JdkFileSystem(), dir.path().resolve("objects"));
        ObjectStore flaky = new FailingStore(inner, down);
        try (SeqlogEngine log = open(dir, flaky, 1 << 20)) {
            append(log, "t", 40, "a");
            log.checkpoint();
            assertEquals(1, log.tierStats().uploadErrors());
            assertEquals(2, log.tierStats().lagSegments(), "the failed segment and the one after it");
            append(log, "t", 10, "a"); // appends go on
            log.checkpoint(); // still backing off: no new attempt
            assertEquals(1, log.tierStats().uploadErrors());
            down.set(false);
            clock.advance(ObjectTiering.FIRST_BACKOFF_MS);
            log.checkpoint();
            assertEquals(3, log.tierStats().uploads());
            assertEquals(0, log.tierStats().lagSegments());
            assertEquals(50, all(log, "t").size());
        }
    }

    /** Fails every write while {@code down}; reads pass through. */
    private static final class FailingStore implements ObjectStore {
        private final ObjectStore inner;
        private final AtomicBoolean down;

        FailingStore(ObjectStore inner, AtomicBoolean down) {
            this.inner = inner;
            this.down = down;
        }

        @Override
        public void create(String key, ByteBuffer content, String sha256) throws IOException {
            if (down.get()) {
                throw new IOException("simulated outage");
            }
            inner.create(key, content, sha256);
        }

        @Override
        public ObjectInfo head(String key) throws IOException {
            return inner.head(key);
        }

        @Override
        public void read(String key, long offset, ByteBuffer dst) throws IOException {
            inner.read(key, offset, dst);
        }

        @Override
        public void delete(String key) throws IOException {
            inner.delete(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return inner.list(prefix);
        }

        @Override
        public String describe() {
            return "failing " + inner.describe();
        }

        @Override
        public void close() {
        }
    }
}
