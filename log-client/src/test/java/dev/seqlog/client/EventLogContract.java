package dev.seqlog.client;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.CanonicalJson;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.Touch;
import dev.seqlog.api.WalStats;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WatchStart;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.seqlog.client.Probes.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The behaviour every {@link EventLog} shows, whatever is behind it: each case uses the interface only, so the
 * embedded engine and the HTTP client run the same cases and must give the same answers, error codes included.
 * Time-driven behaviour (leases, TTL, idempotency windows, long-poll deadlines) follows the manual clock the log
 * was opened with; asynchronous effects are awaited, never slept for.
 */
abstract class EventLogContract {
    /** The clock every log under test runs on. */
    protected final ManualClock clock = new ManualClock(1_700_000_000_000L);
    /** The log under test. */
    protected EventLog log;

    /**
     * Opens the log under test over an in-memory engine with these options.
     *
     * @param options the engine options, on {@link #clock}
     * @return the log
     */
    protected abstract EventLog open(EngineOptions options);

    /** Closes everything {@link #open} made. */
    protected abstract void shutdown();

    @BeforeEach
    void openLog() {
        log = open(EngineOptions.builder().clock(clock).backgroundExpiry(false).build());
    }

    @AfterEach
    void closeLog() {
        shutdown();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Runs {@code call}, joining a future it returns, and returns the SeqlogException it failed with. */
    static SeqlogException failure(Supplier<?> call) {
        try {
            Object r = call.get();
            if (r instanceof CompletableFuture<?> f) {
                f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (SeqlogException e) {
            return e;
        } catch (CompletionException | ExecutionException e) {
            if (e.getCause() instanceof SeqlogException s) {
                return s;
            }
            throw new AssertionError("failed with something other than a SeqlogException", e);
        } catch (Exception e) {
            throw new AssertionError("failed with something other than a SeqlogException", e);
        }
        return fail("expected a SeqlogException");
    }

    static SeqlogException assertCode(ErrorCode code, Supplier<?> call) {
        SeqlogException e = failure(call);
        assertEquals(code, e.code(), () -> "message: " + e.getMessage() + ", detail: " + e.detail());
        return e;
    }

    AppendResult append(String topic, String... json) {
        List<RecordInput> in = new ArrayList<>();
        for (String j : json) {
            in.add(RecordInput.json(j));
        }
        return log.append(topic, AppendRequest.of(in));
    }

    /** Appends {@code n} records {@code {"i":k}}, one write each. */
    void appendEach(String topic, int n) {
        for (int k = 0; k < n; k++) {
            append(topic, "{\"i\":" + k + "}");
        }
    }

    static List<Long> seqs(DiffResult r) {
        List<Long> out = new ArrayList<>();
        for (TopicRecord rec : r.records()) {
            out.add(rec.seq());
        }
        return out;
    }

    List<Long> all(String topic) {
        return seqs(log.diff(topic, DiffRequest.from(0).withLimit(1000)));
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ----------------------------------------------------------------------------------- topic lifecycle

    @Test
    void configureCreatesUpdatesAndKeepsTheTypeOfAQueue() {
        TopicConfig wanted = TopicConfig.builder().ttlMs(60_000).capRecords(1000).priority(10).build();
        ConfigureResult created = log.configure("orders", wanted);
        assertTrue(created.created());
        assertEquals("orders", created.topic());
        assertEquals(wanted, created.config());
        ConfigureResult again = get(log.configureAsync("orders", wanted));
        assertFalse(again.created());
        assertEquals(wanted, again.config());
        assertEquals(wanted, log.state("orders").config());

        log.configure("jobs", TopicConfig.builder().type(TopicType.QUEUE).leaseMs(5_000).build());
        ConfigureResult kept = log.configure("jobs", TopicConfig.builder().leaseMs(7_000).build());
        assertEquals(TopicType.QUEUE, kept.config().type(), "an omitted type keeps the queue a queue");
        assertEquals(7_000, kept.config().leaseMs());
        SeqlogException e = assertCode(ErrorCode.TOPIC_EXISTS_INCOMPATIBLE,
                () -> log.configureAsync("jobs", TopicConfig.builder().type(TopicType.LOG).build()));
        assertEquals("type", e.detail().get("field"));
        assertEquals("-not-a-name", assertCode(ErrorCode.INVALID_REQUEST,
                () -> log.configureAsync("-not-a-name", TopicConfig.defaults())).detail().get("topic"));
    }

    @Test
    void stateReportsWatermarksAndOnlyATouchCountsAsARead() {
        append("t", "1", "2", "3");
        long written = clock.millis();
        clock.advance(5);
        TopicState s = log.state("t");
        assertEquals(3, s.headSeq());
        assertEquals(1, s.earliestSeq());
        assertEquals(4, s.nextSeq());
        assertEquals(3, s.count());
        assertEquals(3, s.bytes(), "accounted bytes are the canonical data bytes");
        assertEquals(TopicType.LOG, s.type());
        assertNull(s.queue());
        assertEquals(written, s.lastWriteTs());
        assertNull(s.lastReadTs());
        assertNull(log.state("t", Touch.PEEK).lastReadTs(), "a peek is not a read");
        log.state("t", Touch.READ);
        assertEquals(clock.millis(), log.state("t", Touch.PEEK).lastReadTs());
        assertEquals("missing", assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.state("missing")).detail().get("topic"));
    }

    @Test
    void listWalksPagesInNameOrderAndFiltersByPrefix() {
        for (String t : List.of("b.2", "a.3", "a.1", "b.1", "a.2")) {
            log.configure(t, TopicConfig.defaults());
        }
        append("a.2", "{}");
        List<String> walked = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            TopicPage page = log.list(ListRequest.all().withPageSize(2).after(cursor));
            pageSizes.add(page.topics().size());
            for (TopicState s : page.topics()) {
                walked.add(s.topic());
                assertEquals(log.state(s.topic()), s, "a listed entry is the topic's state");
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(List.of("a.1", "a.2", "a.3", "b.1", "b.2"), walked);
        assertEquals(List.of(2, 2, 1), pageSizes);
        TopicPage a = log.list(ListRequest.prefixed("a."));
        assertEquals(List.of("a.1", "a.2", "a.3"), a.topics().stream().map(TopicState::topic).toList());
        assertNull(a.nextCursor());
        assertEquals(1, a.topics().get(1).headSeq());
        assertNull(log.state("a.1").lastReadTs(), "a list without touch reads nothing");
        log.list(ListRequest.prefixed("a.").withTouch(Touch.READ));
        assertEquals(clock.millis(), log.state("a.1").lastReadTs(), "a list with touch counts as a read");
        assertCode(ErrorCode.INVALID_REQUEST, () -> log.list(ListRequest.all().after("%not-a-cursor%")));
    }

    @Test
    void deleteIfEmptyRefusesLiveRecordsAndARecreatedTopicStartsAtOne() {
        append("t", "1", "2");
        SeqlogException e = assertCode(ErrorCode.TOPIC_NOT_EMPTY, () -> log.deleteTopic("t", DeleteIf.EMPTY));
        assertEquals("t", e.detail().get("topic"));
        assertEquals(2, log.state("t").count(), "a refused delete changes nothing");

        TopicDeletion d = get(log.deleteTopicAsync("t", DeleteIf.ALWAYS));
        assertEquals(new TopicDeletion("t", true, List.of()), d);
        assertEquals(new TopicDeletion("t", false, List.of()), log.deleteTopic("t"));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.state("t"));
        AppendResult again = append("t", "3");
        assertTrue(again.created());
        assertEquals(1, again.firstSeq(), "a new instance starts at seq 1");

        log.configure("empty", TopicConfig.defaults());
        assertTrue(log.deleteTopic("empty", DeleteIf.EMPTY).deleted());
    }

    // -------------------------------------------------------------------------------------------- writes

    @Test
    void appendsGetContiguousSeqsSyncAndAsync() {
        AppendResult first = append("t", "{\"a\":1}", "{\"a\":2}");
        assertEquals(1, first.firstSeq());
        assertEquals(2, first.lastSeq());
        assertEquals(2, first.count());
        assertEquals(2, first.headSeq());
        assertTrue(first.created());
        assertFalse(first.deduped());

        List<CompletableFuture<AppendResult>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(log.appendAsync("t", AppendRequest.of(RecordInput.json("{\"w\":" + i + "}"),
                    RecordInput.json("{\"w\":" + i + "}"))));
        }
        Set<Long> seqs = new HashSet<>();
        for (CompletableFuture<AppendResult> w : writes) {
            AppendResult r = get(w);
            assertFalse(r.created());
            assertEquals(r.firstSeq() + 1, r.lastSeq(), "a write's seqs are contiguous");
            seqs.add(r.firstSeq());
            seqs.add(r.lastSeq());
        }
        assertEquals(20, seqs.size(), "no seq is given twice");
        assertEquals(22, log.state("t").headSeq());
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= 22; s++) {
            expected.add(s);
        }
        assertEquals(expected, all("t"));
    }

    @Test
    void recordsComeBackWithTheirDataMetaTagAndNode() {
        String data = "{\"b\":1.0,\"a\":[123456789012345678901234567890,\"\\u00e9\\n\"],\"z\":null}";
        AppendRequest w = AppendRequest.builder()
                .add(RecordInput.json(data).withMeta("{\"trace\":\"x\",\"n\":[1,2]}").withTag("tag:1")
                        .withNode("node-1"))
                .add(RecordInput.json("null"))
                .add(RecordInput.json("\"plain\"").withTag("quote\"and\\slash").withNode("n\u00e9\ud83d\ude00"))
                .node("batch-node")
                .build();
        long ts = clock.millis();
        log.append("t", w);
        List<TopicRecord> got = log.diff("t", DiffRequest.from(0).withTags(true)).records();
        assertEquals(3, got.size());
        TopicRecord a = got.get(0);
        assertArrayEquals(CanonicalJson.canonicalize(utf8(data), "data"), a.data(),
                "data keeps key order, number lexemes and string contents");
        assertEquals("{\"trace\":\"x\",\"n\":[1,2]}", a.metaString());
        assertEquals("tag:1", a.tag());
        assertEquals("node-1", a.node());
        assertEquals(ts, a.ts());
        TopicRecord b = got.get(1);
        assertEquals("null", b.dataString());
        assertEquals("batch-node", b.node(), "the batch node applies to records without their own");
        assertNull(b.tag());
        assertNull(b.meta());
        TopicRecord c = got.get(2);
        assertEquals("quote\"and\\slash", c.tag());
        assertEquals("n\u00e9\ud83d\ude00", c.node());
        assertEquals("\"plain\"", c.dataString());

        TopicRecord bare = log.diff("t", DiffRequest.from(0).withMeta(false)).records().get(0);
        assertNull(bare.meta(), "meta only when asked for");
        assertNull(bare.tag(), "tags only when asked for");
        assertEquals("node-1", bare.node(), "the node always");
    }

    @Test
    void anIdempotentRetryReturnsTheOriginalSeqsUntilTheWindowEnds() {
        log.configure("t", TopicConfig.builder().idempotencyWindowMs(1_000).build());
        AppendRequest.Builder twice = AppendRequest.builder().idempotencyKey("batch-7")
                .add(RecordInput.json("1")).add(RecordInput.json("2"));
        AppendResult original = log.append("t", twice.build());
        assertFalse(original.deduped());
        AppendResult retry = get(log.appendAsync("t", AppendRequest.builder().idempotencyKey("batch-7")
                .add(RecordInput.json("\"other body\"")).build()));
        assertTrue(retry.deduped(), "only the key is compared");
        assertEquals(1, retry.firstSeq());
        assertEquals(2, retry.lastSeq());
        assertEquals(2, log.state("t").count(), "nothing was appended");
        clock.advance(1_001);
        AppendResult later = log.append("t", AppendRequest.builder().idempotencyKey("batch-7")
                .add(RecordInput.json("3")).build());
        assertFalse(later.deduped(), "the window has passed");
        assertEquals(3, later.firstSeq());
    }

    @Test
    void createFlagsAndInlineConfigDecideWhetherAWriteCreatesItsTopic() {
        SeqlogException e = assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.appendAsync("absent",
                AppendRequest.builder().add(RecordInput.json("1")).create(false).build()));
        assertEquals("absent", e.detail().get("topic"));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.appendAsync("absent", AppendRequest.builder()
                .add(RecordInput.json("1")).config(TopicConfig.builder().autoCreate(false).build()).build()));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.state("absent"));

        AppendRequest withConfig = AppendRequest.builder().add(RecordInput.json("1"))
                .config(TopicConfig.builder().capRecords(5).build()).build();
        CreateCheck refuse = (topic, config) -> {
            throw new SeqlogException(ErrorCode.FORBIDDEN, "no creating " + topic).with("required_scope", "admin");
        };
        assertCode(ErrorCode.FORBIDDEN, () -> log.appendAsync("guarded", withConfig, refuse));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.state("guarded"));

        AppendResult made = get(log.appendAsync("guarded", withConfig, CreateCheck.ALLOW));
        assertTrue(made.created());
        assertEquals(5, log.state("guarded").config().capRecords());
        AppendResult existing = get(log.appendAsync("guarded", withConfig, refuse));
        assertEquals(2, existing.firstSeq(), "the check is asked only when the write would create the topic");
    }

    // --------------------------------------------------------------------------------------------- reads

    @Test
    void diffPagesWithItsLimitAndSkipsTheReadersOwnNode() {
        for (int i = 1; i <= 5; i++) {
            RecordInput r = RecordInput.json("{\"i\":" + i + "}");
            log.append("t", AppendRequest.of(i % 2 == 0 ? r.withNode("me") : r));
        }
        DiffResult first = log.diff("t", DiffRequest.from(0).withLimit(2));
        assertEquals(List.of(1L, 2L), seqs(first));
        assertEquals(2, first.nextFromSeq());
        assertEquals(5, first.headSeq());
        assertEquals(1, first.earliestSeq());
        assertFalse(first.caughtUp());
        assertEquals(3, first.lag());
        List<Long> walked = new ArrayList<>(seqs(first));
        DiffResult r = first;
        while (!r.caughtUp()) {
            r = log.diff("t", DiffRequest.from(r.nextFromSeq()).withLimit(2));
            walked.addAll(seqs(r));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), walked);

        DiffResult mine = log.diff("t", DiffRequest.from(0).withNodes(Set.of("me", "other")));
        assertEquals(List.of(1L, 3L, 5L), seqs(mine), "a reader does not get back what its node wrote");
        assertEquals(5, mine.nextFromSeq(), "skipped seqs still move the cursor");
        assertNull(mine.tombstone(), "node filtering is silent");
        DiffResult end = log.diff("t", DiffRequest.from(5));
        assertTrue(end.records().isEmpty());
        assertTrue(end.caughtUp());
        assertEquals(1, log.diff("t", DiffRequest.from(0).withMaxBatchBytes(1)).records().size(),
                "a byte budget still returns one record");

        log.configure("t", TopicConfig.builder().dedupeNode(false).build());
        assertEquals(5, log.diff("t", DiffRequest.from(0).withNodes(Set.of("me"))).records().size(),
                "dedupe_node false delivers echoes");
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.diff("missing", DiffRequest.from(0)));
    }

    @Test
    void theSinkFormStreamsTheSameRecordsAsViews() {
        log.append("t", AppendRequest.of(RecordInput.json("{\"a\":1}").withTag("x").withMeta("{\"m\":1}"),
                RecordInput.json("[1,2]").withNode("n"), RecordInput.json("\"s\"").withTag("t\"q")));
        DiffRequest req = DiffRequest.from(0).withTags(true);
        List<TopicRecord> viaSink = new ArrayList<>();
        DiffResult streamed = log.diff("t", req, v -> viaSink.add(TopicRecord.copyOf(v)));
        DiffResult materialised = log.diff("t", req);
        assertEquals(materialised.records(), viaSink);
        assertTrue(streamed.records().isEmpty());
        assertEquals(3, streamed.delivered());
        assertEquals(materialised.nextFromSeq(), streamed.nextFromSeq());
        assertEquals(materialised.headSeq(), streamed.headSeq());
    }

    @Test
    void whatASinkThrowsComesOutUnchanged() {
        append("t", "1", "2");
        IllegalStateException mine = new IllegalStateException("the sink gave up");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> log.diff("t", DiffRequest.from(0), v -> {
                    throw mine;
                }));
        assertEquals(mine, thrown);
        assertEquals(2, log.state("t").count(), "the log is unaffected");
    }

    @Test
    void capEvictionAndTtlSurfaceAsTombstonesAndDeletesDoNot() {
        log.configure("capped", TopicConfig.builder().capRecords(3).build());
        appendEach("capped", 5);
        DiffResult r = log.diff("capped", DiffRequest.from(0));
        assertEquals(List.of(3L, 4L, 5L), seqs(r));
        Tombstone t = r.tombstone();
        assertNotNull(t);
        assertEquals(new Tombstone(1, 2, TombstoneReason.CAP, 2, 3, 5), t);
        assertNull(log.diff("capped", DiffRequest.from(2)).tombstone(), "nothing lost after the cursor");
        assertEquals(3, log.state("capped").count());

        log.delete("capped", DeleteRequest.before(4));
        DiffResult afterDelete = log.diff("capped", DiffRequest.from(2));
        assertEquals(List.of(4L, 5L), seqs(afterDelete));
        assertNull(afterDelete.tombstone(), "a delete is silent");

        log.configure("aging", TopicConfig.builder().ttlMs(1_000).build());
        appendEach("aging", 2);
        clock.advance(1_001);
        appendEach("aging", 1);
        DiffResult aged = log.diff("aging", DiffRequest.from(0));
        assertEquals(List.of(3L), seqs(aged));
        assertEquals(TombstoneReason.TTL, aged.tombstone().reason());
        assertEquals(1, aged.tombstone().gapFrom());
        assertEquals(2, aged.tombstone().gapTo());
    }

    @Test
    void deletesRemoveRecordsByTagAndSeqSilently() {
        String[] tags = {"a:1", "a:2", "b:1", "a:3", "b:2"};
        for (String tag : tags) {
            log.append("t", AppendRequest.of(RecordInput.json("{}").withTag(tag)));
        }
        DeleteResult d = log.delete("t", new DeleteRequest(4L, TagMatch.glob("a:*")));
        assertEquals(2, d.deleted(), "both selectors must hold");
        assertEquals(3, d.earliestSeq());
        assertEquals(5, d.headSeq());
        assertEquals(3, d.count());
        DeleteResult e = get(log.deleteAsync("t", DeleteRequest.matching(TagMatch.eq("b:2"))));
        assertEquals(1, e.deleted());
        assertEquals(0, get(log.deleteAsync("t", DeleteRequest.matching(TagMatch.eq("b:2")))).deleted(),
                "deleting again removes nothing");
        DiffResult left = log.diff("t", DiffRequest.from(0).withTags(true));
        assertEquals(List.of(3L, 4L), seqs(left));
        assertNull(left.tombstone());
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.deleteAsync("missing", DeleteRequest.before(1)));
    }

    @Test
    void exportPagesUpToItsBoundAfterTheFloorGap() {
        log.configure("x", TopicConfig.builder().capRecords(4).build());
        appendEach("x", 6); // 1 and 2 are evicted
        ExportCursor c = log.export("x", DiffRequest.from(0).withLimit(2).withTags(true), 5);
        assertEquals(5, c.bound());
        List<Long> seqs = new ArrayList<>();
        List<Tombstone> gaps = new ArrayList<>();
        int pages = 0;
        while (c.hasNext()) {
            Tombstone t = c.next(v -> seqs.add(v.seq()));
            pages++;
            if (t != null) {
                gaps.add(t);
            }
            assertTrue(pages < 10, "an export ends");
        }
        assertEquals(List.of(3L, 4L, 5L), seqs, "nothing above the bound");
        assertEquals(1, gaps.size());
        assertEquals(1, gaps.get(0).gapFrom());
        assertEquals(2, gaps.get(0).gapTo());
        assertEquals(TombstoneReason.CAP, gaps.get(0).reason());
        assertEquals(3, c.records());
        assertEquals(6, c.headSeq());
        assertNull(log.state("x").lastReadTs(), "an export is not a read");
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.export("missing", DiffRequest.from(0), Long.MAX_VALUE));
    }

    // --------------------------------------------------------------------------------------- long-poll

    @Test
    void aLongPollAnswersWhenAWriteLands() {
        append("t", "1");
        List<Long> seqs = new ArrayList<>();
        CompletableFuture<DiffResult> poll = log.diffAwait("t", DiffRequest.from(1), 20_000,
                v -> seqs.add(v.seq()), Runnable::run);
        append("t", "2", "3");
        DiffResult r = get(poll);
        assertEquals(List.of(2L, 3L), seqs);
        assertEquals(2, r.delivered());
        assertEquals(3, r.nextFromSeq());
        assertTrue(r.caughtUp());

        List<Long> now = new ArrayList<>();
        DiffResult immediate = get(log.diffAwait("t", DiffRequest.from(0), 20_000, v -> now.add(v.seq()),
                Runnable::run));
        assertEquals(List.of(1L, 2L, 3L), now, "records already there answer at once");
        assertEquals(3, immediate.delivered());
    }

    @Test
    void aLongPollTimesOutEmptyOnTheLogsClock() {
        append("t", "1");
        List<Long> seqs = new ArrayList<>();
        CompletableFuture<DiffResult> poll = log.diffAwait("t", DiffRequest.from(1), 5_000, v -> seqs.add(v.seq()),
                Runnable::run);
        // the wait follows the log's clock: move it on until the deadline has passed wherever the wait began
        await().atMost(WAIT).until(() -> {
            clock.advance(1_000);
            return poll.isDone();
        });
        DiffResult r = get(poll);
        assertTrue(seqs.isEmpty());
        assertEquals(0, r.delivered());
        assertNull(r.tombstone());
        assertTrue(r.caughtUp());
        assertEquals(1, r.nextFromSeq());
    }

    @Test
    void awaitHeadCompletesOnceTheHeadPassesAndCanBeCancelled() {
        append("t", "1");
        assertEquals(1L, get(log.awaitHead("t", 0)), "a head already beyond completes at once");
        CompletableFuture<Long> next = log.awaitHead("t", 1);
        append("t", "2");
        assertEquals(2L, get(next));
        CompletableFuture<Long> abandoned = log.awaitHead("t", 2);
        assertTrue(abandoned.cancel(true));
        assertTrue(abandoned.isCancelled());
        append("t", "3");
        assertEquals(3L, get(log.awaitHead("t", 2)));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.awaitHead("missing", 0));
    }

    // ------------------------------------------------------------------------------------------- watch

    @Test
    void aWatchDeliversAGapThenRecordsThenCaughtUpOnlyAgainstDemand() {
        log.configure("w", TopicConfig.builder().capRecords(3).build());
        appendEach("w", 5); // 1 and 2 are evicted
        WatchPublisher p = log.watch(WatchRequest.after("w", 0).withTags(true));
        assertEquals(Map.of("w", new WatchPosition(0, 5, 3)), p.positions());
        Probes.WatchProbe probe = new Probes.WatchProbe();
        p.subscribe(probe);
        probe.stepUntil(events -> events.stream().anyMatch(e -> e instanceof WatchEvent.CaughtUp), 10);
        List<WatchEvent> events = probe.items();
        WatchEvent.Gap gap = assertInstanceOf(WatchEvent.Gap.class, events.get(0));
        assertEquals("w", gap.topic());
        assertEquals(TombstoneReason.FROM_SEQ_TOO_OLD, gap.tombstone().reason(), "a floor gap on the first read");
        assertEquals(1, gap.tombstone().gapFrom());
        assertEquals(2, gap.tombstone().gapTo());
        assertEquals(List.of(3L, 4L, 5L), probe.seqs());
        assertEquals(new WatchEvent.CaughtUp("w", 5), events.get(events.size() - 1));
        assertEquals(Map.of("w", 5L), probe.lastCursors());

        // with no demand, writes are not delivered; each request lets one event through
        appendEach("w", 2);
        log.append("w", AppendRequest.of(RecordInput.json("{\"last\":true}").withTag("end")));
        probe.stepUntil(e -> probe.seqs().contains(8L), 20);
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), probe.seqs());
        WatchEvent.Records last = assertInstanceOf(WatchEvent.Records.class, probe.items().get(probe.size() - 1));
        TopicRecord eight = last.batch().records().get(last.batch().size() - 1);
        assertEquals("end", eight.tag());
        assertEquals("{\"last\":true}", eight.dataString());
        assertEquals(8, last.toSeq());
        assertEquals(Map.of("w", 8L), probe.lastCursors());
        assertEquals(0, probe.violations, "never more events than requested");
        assertFalse(probe.overlapping, "signals never overlap");
        assertNull(probe.error);
        probe.subscription.cancel();
    }

    @Test
    void aWatchReportsItsTopicsDeletionThenCompletes() {
        append("d", "1");
        Probes.WatchProbe probe = new Probes.WatchProbe();
        log.watch(WatchRequest.tail("d")).subscribe(probe);
        probe.request(Long.MAX_VALUE);
        probe.awaitSize(1);
        assertEquals(new WatchEvent.CaughtUp("d", 1), probe.items().get(0));
        append("d", "2");
        probe.awaitSize(2);
        log.deleteTopic("d");
        await().atMost(WAIT).until(() -> probe.completed || probe.error != null);
        assertNull(probe.error);
        assertEquals(new WatchEvent.TopicDeleted("d", 2), probe.items().get(probe.size() - 1));
        assertEquals(Map.of(), probe.lastCursors(), "the deleted topic leaves the cursors");
        assertFalse(probe.overlapping);
    }

    @Test
    void aWatchCanStartAtOtherCursorsAndUnknownTopicsAreLeftOutWhenLenient() {
        appendEach("s", 4);
        WatchPublisher bound = log.watch(WatchRequest.of(Map.of("s", WatchStart.after(0),
                "nope", WatchStart.atTail())).withLenient(true));
        assertEquals(Set.of("s"), bound.positions().keySet(), "a lenient watch leaves unknown topics out");
        Probes.WatchProbe probe = new Probes.WatchProbe();
        bound.startingAt(Map.of("s", 2L, "other", 9L)).subscribe(probe);
        probe.request(Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> probe.seqs().size() >= 2);
        assertEquals(List.of(3L, 4L), probe.seqs());
        probe.subscription.cancel();
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.watch(WatchRequest.tail("s", "nope")));
    }

    @Test
    void eachSubscriptionToAWatchIsIndependent() {
        appendEach("i", 2);
        WatchPublisher p = log.watch(WatchRequest.after("i", 0));
        Probes.WatchProbe a = new Probes.WatchProbe();
        Probes.WatchProbe b = new Probes.WatchProbe();
        p.subscribe(a);
        p.subscribe(b);
        a.request(Long.MAX_VALUE);
        b.request(Long.MAX_VALUE);
        appendEach("i", 1);
        await().atMost(WAIT).until(() -> a.seqs().size() >= 3 && b.seqs().size() >= 3);
        assertEquals(List.of(1L, 2L, 3L), a.seqs());
        assertEquals(List.of(1L, 2L, 3L), b.seqs(), "both start from the bound positions");
        a.subscription.cancel();
        appendEach("i", 1);
        await().atMost(WAIT).until(() -> b.seqs().size() >= 4);
        assertEquals(List.of(1L, 2L, 3L, 4L), b.seqs(), "cancelling one leaves the other running");
        assertNull(a.error);
        assertNull(b.error);
        b.subscription.cancel();
    }

    // ------------------------------------------------------------------------------------------ queues

    void queue(String topic, TopicConfig.Builder config, int jobs) {
        log.configure(topic, config.type(TopicType.QUEUE).build());
        for (int i = 1; i <= jobs; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"job\":" + i + "}").withTag("job-" + i)));
        }
    }

    @Test
    void claimAckNackAndExtendFollowTheLeases() {
        queue("q", TopicConfig.builder().leaseMs(10_000), 4);
        long now = clock.millis();
        ClaimResult c = log.claim("q", ClaimRequest.of("w1", 2));
        assertEquals(2, c.count());
        assertEquals(2, c.ready());
        Job one = c.claimed().get(0);
        assertEquals(1, one.seq());
        assertEquals(1, one.deliveries());
        assertEquals(now + 10_000, one.deadline());
        assertTrue(one.leaseId().startsWith("lease_"), one.leaseId());
        assertEquals("job-1", one.record().tag(), "claims always include tags");
        assertEquals("{\"job\":1}", one.record().dataString());

        LeaseResult acked = log.ack("q", LeaseRequest.of("w1", 1));
        assertEquals(1, acked.done());
        assertEquals(List.of(), acked.skipped());
        assertEquals(2, acked.ready());
        assertEquals(1, acked.inFlight());
        assertEquals(List.of(2L), get(log.ackAsync("q", LeaseRequest.of("w2", 2))).skipped(),
                "a seq another node holds is skipped");
        assertEquals(List.of(2L), log.ack("q", LeaseRequest.of("w1", 2).withLeaseIds(List.of("lease_0000000000000000")))
                .skipped(), "a stale lease id is skipped");

        LeaseResult nacked = get(log.nackAsync("q", LeaseRequest.of("w1", 2), 0));
        assertEquals(1, nacked.done());
        ClaimResult again = get(log.claimAsync("q", ClaimRequest.of("w2", 10).withLeaseMs(1_000)));
        assertEquals(List.of(2L, 3L, 4L), again.claimed().stream().map(Job::seq).toList(), "reclaimed work first");
        assertEquals(2, again.claimed().get(0).deliveries());
        assertEquals(now + 1_000, again.claimed().get(0).deadline());

        LeaseResult extended = log.extend("q", LeaseRequest.of("w2", 3, 99), 20_000);
        assertEquals(1, extended.done());
        assertEquals(List.of(99L), extended.skipped());
        assertEquals(Map.of(3L, now + 20_000), extended.deadlines());
        assertEquals(new QueueCounters(0, 3, 0), log.state("q").queue());
    }

    @Test
    void anExpiredLeaseIsClaimedByAnotherWorker() {
        queue("q", TopicConfig.builder().leaseMs(1_000), 1);
        assertEquals(1, log.claim("q", ClaimRequest.of("w1", 1)).count());
        assertEquals(0, log.claim("q", ClaimRequest.of("w2", 1)).count(), "the lease still holds");
        clock.advance(1_001);
        assertEquals(new QueueCounters(1, 0, 0), log.state("q").queue(), "an expired lease counts as ready");
        ClaimResult taken = log.claim("q", ClaimRequest.of("w2", 1));
        assertEquals(1, taken.count());
        assertEquals(2, taken.claimed().get(0).deliveries());
        assertEquals(List.of(1L), log.ack("q", LeaseRequest.of("w1", 1)).skipped(), "the old holder lost it");
        assertEquals(1, log.ack("q", LeaseRequest.of("w2", 1)).done());
        assertEquals(0, log.state("q").count());
    }

    @Test
    void workPushesJobsAgainstDemandAndReleasesThemOnCancel() {
        queue("q", TopicConfig.builder(), 3);
        Probes.WorkProbe w = new Probes.WorkProbe();
        log.work("q", WorkRequest.of("w1", 2)).subscribe(w);
        w.request(1);
        w.awaitSize(1);
        assertEquals(List.of(1L), w.seqs());
        w.request(1);
        w.awaitSize(2);
        assertEquals(List.of(1L, 2L), w.seqs());
        Job pushed = w.items().get(0);
        assertEquals(1, pushed.deliveries());
        assertTrue(pushed.leaseId().startsWith("lease_"), pushed.leaseId());
        assertEquals("job-1", pushed.record().tag());
        assertEquals(1, log.ack("q", LeaseRequest.of("w1", 1)).done());
        w.request(1);
        w.awaitSize(3);
        assertEquals(List.of(1L, 2L, 3L), w.seqs(), "an ack frees room for the next job");
        assertEquals(0, w.violations);
        assertNull(w.error);
        w.subscription.cancel();
        // the pushed leases still current are released at once: claimable, counters unchanged
        await().atMost(WAIT).until(() -> log.state("q").queue().inFlight() == 0);
        ClaimResult c = log.claim("q", ClaimRequest.of("w2", 10));
        assertEquals(List.of(2L, 3L), c.claimed().stream().map(Job::seq).toList());
        assertEquals(2, c.claimed().get(0).deliveries(), "the push was the first delivery, this claim the second");

        append("log", "1");
        assertCode(ErrorCode.NOT_A_QUEUE, () -> log.work("log", WorkRequest.of("w", 1)));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.work("missing", WorkRequest.of("w", 1)));
    }

    // ----------------------------------------------------------------------------------------- routers

    @Test
    void routersCopyRecordsAndAreListedAndDeleted() {
        RouterPut put = log.putRouter("src->dst", RouterSpec.of("src", "dst"));
        assertTrue(put.created());
        assertEquals("src", put.router().source());
        assertEquals("dst", put.router().dest());
        assertFalse(get(log.putRouterAsync("src->dst", RouterSpec.of("src", "dst"))).created(), "an identical PUT");
        log.putRouter("src->kept", RouterSpec.of("src", "kept").withFilter(TagMatch.glob("keep:*"))
                .withPreserveNode(false));
        log.append("src", AppendRequest.of(RecordInput.json("{\"n\":1}").withTag("keep:1").withNode("origin"),
                RecordInput.json("{\"n\":2}").withTag("drop:1"), RecordInput.json("{\"n\":3}")));
        await().atMost(WAIT).until(() -> log.diff("dst", DiffRequest.from(0)).records().size() == 3
                && log.state("kept").count() == 1);
        List<TopicRecord> copies = log.diff("dst", DiffRequest.from(0).withTags(true)).records();
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), copies.stream().map(TopicRecord::dataString).toList());
        assertEquals("keep:1", copies.get(0).tag(), "tags are kept by default");
        assertEquals("origin", copies.get(0).node(), "nodes are kept by default");
        TopicRecord filtered = log.diff("kept", DiffRequest.from(0).withTags(true)).records().get(0);
        assertEquals("keep:1", filtered.tag());
        assertNull(filtered.node(), "preserve_node false strips the node");

        RouterInfo info = log.router("src->kept");
        assertEquals(TagMatch.glob("keep:*"), info.filter());
        assertFalse(info.preserveNode());
        await().atMost(WAIT).until(() -> log.router("src->dst").cursor() == 3);
        assertEquals(3, log.router("src->dst").forwardedTotal());
        List<RouterInfo> listed = log.routers(new RouterListRequest(null, "src", null, 0, null)).routers();
        assertEquals(List.of("src->dst", "src->kept"), listed.stream().map(RouterInfo::router).toList());
        assertEquals(log.router("src->kept"), listed.get(1));

        assertCode(ErrorCode.ROUTER_EXISTS_INCOMPATIBLE, () -> log.putRouterAsync("src->dst", RouterSpec.of("src", "x")));
        SeqlogException cycle = assertCode(ErrorCode.ROUTER_CYCLE,
                () -> log.putRouterAsync("dst->src", RouterSpec.of("dst", "src")));
        assertNotNull(cycle.detail().get("cycle"));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.putRouterAsync("a->b", RouterSpec.of("a", "b")
                .withCreateDest(false)));

        assertEquals(new RouterDeletion("src->dst", true), log.deleteRouter("src->dst"));
        assertEquals(new RouterDeletion("src->dst", false), get(log.deleteRouterAsync("src->dst")));
        assertEquals("src->dst", assertCode(ErrorCode.ROUTER_NOT_FOUND, () -> log.router("src->dst")).detail()
                .get("router"));
        assertEquals(List.of("src->kept"), log.deleteTopic("src").routersRemoved());
    }

    // ---------------------------------------------------------------------------------- errors, status

    @Test
    void refusalsCarryTheSameCodesAndDetail() {
        append("log", "1");
        log.configure("full", TopicConfig.builder().capRecords(1).discard(Discard.REJECT).build());
        append("full", "1");

        assertEquals("log", assertCode(ErrorCode.NOT_A_QUEUE, () -> log.claimAsync("log", ClaimRequest.of("w", 1)))
                .detail().get("topic"));
        assertCode(ErrorCode.NOT_A_QUEUE, () -> log.ackAsync("log", LeaseRequest.of("w", 1)));
        assertCode(ErrorCode.TOPIC_NOT_FOUND, () -> log.nackAsync("missing", LeaseRequest.of("w", 1), 0));
        queue("q", TopicConfig.builder(), 0);
        assertCode(ErrorCode.INVALID_REQUEST, () -> log.claimAsync("q", ClaimRequest.of(null, 1)));

        SeqlogException full = assertCode(ErrorCode.TOPIC_FULL, () -> log.appendAsync("full",
                AppendRequest.of(RecordInput.json("2"))));
        assertEquals(1L, ((Number) full.detail().get("cap_records")).longValue());
        assertEquals(1L, ((Number) full.detail().get("count")).longValue());

        SeqlogException tag = assertCode(ErrorCode.INVALID_REQUEST, () -> log.appendAsync("log",
                AppendRequest.of(RecordInput.json("1"), RecordInput.json("2").withTag(""))));
        assertEquals("tag", tag.detail().get("field"));
        assertEquals(1L, ((Number) tag.detail().get("index")).longValue());

        String big = "\"" + "x".repeat(1 << 20) + "\"";
        SeqlogException tooLarge = assertCode(ErrorCode.RECORD_TOO_LARGE, () -> log.appendAsync("log",
                AppendRequest.of(RecordInput.json(big))));
        assertEquals("max_record_bytes", tooLarge.detail().get("limit"));

        long[] many = new long[1001];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1;
        }
        assertCode(ErrorCode.BATCH_TOO_LARGE, () -> log.ackAsync("q", LeaseRequest.of("w", many)));
        assertCode(ErrorCode.INVALID_REQUEST, () -> log.appendAsync("log", AppendRequest.of(List.of())));
        assertCode(ErrorCode.INVALID_REQUEST, () -> log.state("bad/name"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> log.router("bad name"));
        assertEquals(1L, ((Number) assertCode(ErrorCode.TOPIC_NOT_EMPTY, () -> log.deleteTopicAsync("log",
                DeleteIf.EMPTY)).detail().get("count")).longValue());
    }

    @Test
    void aReadyLogReportsItsRecoveryDoneAndItsWalCounters() {
        assertTrue(log.isReady());
        log.awaitReady();
        assertEquals(1.0, log.recoveryProgress());
        assertEquals(WalStats.NONE, log.walStats(), "an in-memory engine has no WAL");
    }
}
