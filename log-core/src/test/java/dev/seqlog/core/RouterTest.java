package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routers (API §7, SEMANTICS §12) on the in-memory engine: definitions, checks, and what a copy carries. */
class RouterTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    static long head(Fixture f, String topic) {
        return f.log.state(topic).headSeq();
    }

    static List<TopicRecord> all(Fixture f, String topic) {
        List<TopicRecord> out = new ArrayList<>();
        long from = 0;
        while (true) {
            DiffResult r = f.log.diff(topic, DiffRequest.from(from).withLimit(1000).withTags(true));
            out.addAll(r.records());
            if (r.nextFromSeq() == from) {
                return out;
            }
            from = r.nextFromSeq();
        }
    }

    static void awaitCursor(Fixture f, String router, String source) {
        await().atMost(WAIT).until(() -> f.log.router(router).cursor() == head(f, source));
    }

    @Test
    void forwardsOnlyRecordsCommittedAfterCreationInSourceOrder() {
        try (Fixture f = new Fixture()) {
            f.append("orders", "{\"before\":true}");
            RouterPut p = f.log.putRouter("orders->audit", RouterSpec.of("orders", "audit"));
            assertTrue(p.created());
            assertEquals(1, p.router().cursor());
            assertEquals(f.clock.millis(), p.router().createdTs());
            f.log.append("orders", AppendRequest.of(RecordInput.json("{\"n\":1}").withTag("t1")
                    .withMeta("{\"m\":1}").withNode("n1")));
            f.append("orders", "{\"n\":2}", "{\"n\":3}");
            await().atMost(WAIT).until(() -> head(f, "audit") == 3);
            List<TopicRecord> copies = all(f, "audit");
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"),
                    copies.stream().map(TopicRecord::dataString).toList());
            TopicRecord first = copies.get(0);
            assertEquals(1, first.seq());
            assertEquals("t1", first.tag());
            assertEquals("n1", first.node());
            assertEquals("{\"m\":1}", first.metaString());
            RouterInfo info = f.log.router("orders->audit");
            awaitCursor(f, "orders->audit", "orders");
            assertEquals(3, f.log.router("orders->audit").forwardedTotal());
            assertEquals(RouterGuarantee.AT_LEAST_ONCE, info.guarantee());
        }
    }

    @Test
    void preserveFlagsStripNodeAndTag() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("r", RouterSpec.of("a", "b").withPreserveNode(false).withPreserveTag(false));
            f.log.append("a", AppendRequest.of(RecordInput.json("1").withTag("t").withNode("n")));
            await().atMost(WAIT).until(() -> head(f, "b") == 1);
            TopicRecord r = all(f, "b").get(0);
            assertNull(r.tag());
            assertNull(r.node());
        }
    }

    @Test
    void filtersByTagAndNeverForwardsUntaggedRecords() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("eq", RouterSpec.of("a", "b").withFilter(TagMatch.eq("x")));
            f.log.putRouter("glob", RouterSpec.of("a", "c").withFilter(TagMatch.glob("user-*")));
            f.appendTagged("a", "x", "1");
            f.appendTagged("a", "user-7", "2");
            f.append("a", "3");
            f.appendTagged("a", "xx", "4");
            awaitCursor(f, "eq", "a");
            awaitCursor(f, "glob", "a");
            assertEquals(List.of("1"), all(f, "b").stream().map(TopicRecord::dataString).toList());
            assertEquals(List.of("2"), all(f, "c").stream().map(TopicRecord::dataString).toList());
            assertEquals(1, f.log.router("eq").forwardedTotal());
            assertEquals(4, f.log.router("eq").cursor());
        }
    }

    @Test
    void deletedSourceRecordsAreSkippedSilently() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("r", RouterSpec.of("a", "b").withCreateDest(true));
            f.log.deleteRouter("r");
            f.appendTagged("a", "gone", "1");
            f.append("a", "2");
            f.log.delete("a", DeleteRequest.matching(TagMatch.eq("gone")));
            f.log.putRouter("r2", RouterSpec.of("a", "b"));
            f.append("a", "3");
            awaitCursor(f, "r2", "a");
            assertEquals(List.of("3"), all(f, "b").stream().map(TopicRecord::dataString).toList());
        }
    }

    @Test
    void exactlyOnceStampsTheReservedKeyAndReplacesTheWritersOwn() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("o->m", RouterSpec.of("o", "m").withGuarantee(RouterGuarantee.EXACTLY_ONCE));
            f.log.append("o", AppendRequest.of(RecordInput.json("1")
                    .withMeta("{\"a\":1,\"_topics_router\":\"forged\",\"z\":[1,{\"q\":\"}\"}]}")));
            f.append("o", "2");
            await().atMost(WAIT).until(() -> head(f, "m") == 2);
            long epoch = 1;
            List<TopicRecord> copies = all(f, "m");
            assertEquals("{\"a\":1,\"z\":[1,{\"q\":\"}\"}],\"_topics_router\":{\"idempotency_key\":\"router:o->m:o:"
                    + epoch + ":1\",\"router\":\"o->m\",\"source_topic\":\"o\",\"source_epoch\":" + epoch
                    + ",\"source_seq\":1}}", copies.get(0).metaString());
            assertEquals("{\"_topics_router\":{\"idempotency_key\":\"router:o->m:o:" + epoch
                    + ":2\",\"router\":\"o->m\",\"source_topic\":\"o\",\"source_epoch\":" + epoch
                    + ",\"source_seq\":2}}", copies.get(1).metaString());
        }
    }

    @Test
    void exactlyOnceSkipsACopyWhoseKeyIsAlreadyLiveInTheDestination() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("o->m", RouterSpec.of("o", "m").withGuarantee(RouterGuarantee.EXACTLY_ONCE));
            long epoch = 1; // o is the first topic instance of this engine
            // a record already carrying the key the router would give source seq 1
            f.log.append("m", AppendRequest.of(RecordInput.json("\"earlier\"").withMeta(
                    "{\"_topics_router\":{\"idempotency_key\":\"router:o->m:o:" + epoch + ":1\"}}")));
            f.append("o", "1", "2");
            awaitCursor(f, "o->m", "o");
            assertEquals(List.of("\"earlier\"", "2"), all(f, "m").stream().map(TopicRecord::dataString).toList());
            assertEquals(2, f.log.router("o->m").forwardedTotal());
        }
    }

    @Test
    void cyclesAreRefusedUnlessAllowedAndTheHopLimitBoundsThem() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("a->b", RouterSpec.of("a", "b"));
            f.log.putRouter("b->c", RouterSpec.of("b", "c"));
            SeqlogException e = assertThrows(SeqlogException.class,
                    () -> f.log.putRouter("c->a", RouterSpec.of("c", "a")));
            assertEquals(ErrorCode.ROUTER_CYCLE, e.code());
            assertEquals(List.of("c", "a", "b", "c"), e.detail().get("cycle"));
            f.log.putRouter("c->a", RouterSpec.of("c", "a").withAllowCycle(true));
            f.append("a", "1");
            // a: hops 0; b: 1; c: 2; a: 3 ... the allow_cycle router c->a stops at hops 8
            await().atMost(WAIT).until(() -> head(f, "a") == 3 && head(f, "b") == 3 && head(f, "c") == 3);
            awaitCursor(f, "a->b", "a");
            awaitCursor(f, "b->c", "b");
            awaitCursor(f, "c->a", "c");
            assertEquals(3, head(f, "a"));
            // turning allow_cycle off re-runs the check
            e = assertThrows(SeqlogException.class, () -> f.log.putRouter("c->a", RouterSpec.of("c", "a")));
            assertEquals(ErrorCode.ROUTER_CYCLE, e.code());
        }
    }

    @Test
    void aDestinationHasASingleSource() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("a->d", RouterSpec.of("a", "d"));
            f.log.putRouter("a->d.2", RouterSpec.of("a", "d"));
            SeqlogException e = assertThrows(SeqlogException.class,
                    () -> f.log.putRouter("b->d", RouterSpec.of("b", "d")));
            assertEquals(ErrorCode.TOPIC_EXISTS_INCOMPATIBLE, e.code());
            assertEquals("router_dest_fan_in", e.detail().get("reason"));
            assertEquals("d", e.detail().get("topic"));
            f.append("a", "1");
            await().atMost(WAIT).until(() -> head(f, "d") == 2);
        }
    }

    @Test
    void updatesReplaceOptionsAndCannotMoveTheRouter() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("r", RouterSpec.of("a", "b").withPreserveTag(false).withFilter(TagMatch.eq("x")));
            RouterPut same = f.log.putRouter("r", RouterSpec.of("a", "b").withPreserveTag(false)
                    .withFilter(TagMatch.eq("x")));
            assertFalse(same.created());
            RouterPut reset = f.log.putRouter("r", RouterSpec.of("a", "b"));
            assertFalse(reset.created());
            assertTrue(reset.router().preserveTag());
            assertNull(reset.router().filter());
            SeqlogException e = assertThrows(SeqlogException.class, () -> f.log.putRouter("r", RouterSpec.of("a", "c")));
            assertEquals(ErrorCode.ROUTER_EXISTS_INCOMPATIBLE, e.code());
            assertEquals("dest", e.detail().get("field"));
            e = assertThrows(SeqlogException.class, () -> f.log.putRouter("r", RouterSpec.of("z", "b")));
            assertEquals("source", e.detail().get("field"));
        }
    }

    @Test
    void createDestFalseNeedsBothTopics() {
        try (Fixture f = new Fixture()) {
            f.append("a", "1");
            SeqlogException e = assertThrows(SeqlogException.class,
                    () -> f.log.putRouter("r", RouterSpec.of("a", "b").withCreateDest(false)));
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, e.code());
            assertEquals("b", e.detail().get("topic"));
            e = assertThrows(SeqlogException.class,
                    () -> f.log.putRouter("r", RouterSpec.of("x", "a").withCreateDest(false)));
            assertEquals("x", e.detail().get("topic"));
            assertEquals(1, f.log.list(dev.seqlog.api.ListRequest.all()).topics().size());
        }
    }

    @Test
    void theRouterLimitIsCheckedBeforeAnyTopicIsCreated() {
        try (Fixture f = new Fixture(EngineOptions.builder().maxRouters(1))) {
            f.log.putRouter("r1", RouterSpec.of("a", "b"));
            SeqlogException e = assertThrows(SeqlogException.class,
                    () -> f.log.putRouter("r2", RouterSpec.of("c", "d")));
            assertEquals(ErrorCode.THROTTLED, e.code());
            assertEquals("max_routers", e.detail().get("limit"));
            assertEquals(2, f.log.list(dev.seqlog.api.ListRequest.all()).topics().size());
            f.log.putRouter("r1", RouterSpec.of("a", "b").withPreserveNode(false)); // an update is not a creation
        }
    }

    @Test
    void invalidDefinitionsAreRefused() {
        try (Fixture f = new Fixture()) {
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class,
                    () -> RouterSpec.of("a", "a")).code());
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class,
                    () -> f.log.putRouter("bad name", RouterSpec.of("a", "b"))).code());
            assertEquals(ErrorCode.ROUTER_NOT_FOUND, assertThrows(SeqlogException.class,
                    () -> f.log.router("nope")).code());
        }
    }

    @Test
    void deletingARouterStopsItAndKeepsItsCopies() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("r", RouterSpec.of("a", "b"));
            f.append("a", "1");
            await().atMost(WAIT).until(() -> head(f, "b") == 1);
            assertTrue(f.log.deleteRouter("r").deleted());
            assertFalse(f.log.deleteRouter("r").deleted());
            f.append("a", "2");
            f.log.putRouter("probe", RouterSpec.of("a", "probe"));
            f.append("a", "3");
            awaitCursor(f, "probe", "a");
            assertEquals(1, head(f, "b"));
        }
    }

    @Test
    void deletingATopicRemovesEveryRouterOnIt() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("b->c", RouterSpec.of("b", "c"));
            f.log.putRouter("a->b", RouterSpec.of("a", "b"));
            f.log.putRouter("x->y", RouterSpec.of("x", "y"));
            TopicDeletion d = f.log.deleteTopic("b");
            assertEquals(List.of("a->b", "b->c"), d.routersRemoved());
            assertEquals(List.of("x->y"), f.log.routers(RouterListRequest.all()).routers().stream()
                    .map(RouterInfo::router).toList());
            assertEquals(List.of(), f.log.deleteTopic("b").routersRemoved());
        }
    }

    @Test
    void listingFiltersAndPages() {
        try (Fixture f = new Fixture()) {
            f.log.putRouter("o->a", RouterSpec.of("o", "a"));
            f.log.putRouter("o->b", RouterSpec.of("o", "b"));
            f.log.putRouter("p->c", RouterSpec.of("p", "c"));
            RouterPage p1 = f.log.routers(new RouterListRequest(null, null, null, 2, null));
            assertEquals(List.of("o->a", "o->b"), p1.routers().stream().map(RouterInfo::router).toList());
            RouterPage p2 = f.log.routers(new RouterListRequest(null, null, null, 2, p1.nextCursor()));
            assertEquals(List.of("p->c"), p2.routers().stream().map(RouterInfo::router).toList());
            assertNull(p2.nextCursor());
            assertEquals(2, f.log.routers(new RouterListRequest("o", null, null, 0, null)).routers().size());
            assertEquals(List.of("o->b"), f.log.routers(new RouterListRequest(null, "o", "b", 0, null)).routers()
                    .stream().map(RouterInfo::router).toList());
        }
    }

    @Test
    void aFullRejectingDestinationHoldsTheRouterBackWithoutDroppingOrSlowingTheSource() {
        try (Fixture f = new Fixture()) {
            f.log.configure("d", TopicConfig.builder().capRecords(2).discard(Discard.REJECT).build());
            f.log.putRouter("r", RouterSpec.of("s", "d"));
            f.append("s", "1", "2", "3", "4");
            // the batch of four does not fit: the router retries one record at a time, after its backoff
            await().atMost(WAIT).until(() -> {
                f.clock.advance(100);
                return head(f, "d") == 2;
            });
            assertEquals(2, f.log.router("r").cursor());
            for (int i = 0; i < 100; i++) {
                f.append("s", "5");
            }
            assertEquals(104, head(f, "s"));
            f.log.delete("d", DeleteRequest.before(3));
            // the router retries after its backoff on the engine clock
            await().atMost(WAIT).until(() -> {
                f.clock.advance(100);
                return head(f, "d") == 4;
            });
            assertEquals(List.of("3", "4"), all(f, "d").stream().map(TopicRecord::dataString).toList());
            assertEquals(4, f.log.router("r").cursor());
        }
    }

    @Test
    void recordsTheSourceLosesBeforeForwardingBecomeOneSourceTrimMarker() {
        try (Fixture f = new Fixture()) {
            f.log.configure("s", TopicConfig.builder().capRecords(3).discard(Discard.OLD).build());
            f.log.configure("d", TopicConfig.builder().capRecords(1).discard(Discard.REJECT).build());
            f.log.putRouter("r", RouterSpec.of("s", "d"));
            f.append("s", "1");
            await().atMost(WAIT).until(() -> head(f, "d") == 1);
            // the router is stuck (d is full); one batch, so s evicts 2..7 at once and a forwarding attempt
            // between appends cannot see part of the loss and report it as a marker of its own
            f.append("s", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            f.log.configure("d", TopicConfig.builder().capRecords(100).discard(Discard.REJECT).build());
            await().atMost(WAIT).until(() -> {
                f.clock.advance(100);
                return f.log.router("r").cursor() == 10;
            });
            DiffResult r = f.log.diff("d", DiffRequest.from(1).withLimit(100));
            assertEquals(TombstoneReason.SOURCE_TRIM, r.tombstone().reason());
            assertEquals(2, r.tombstone().gapFrom());
            assertEquals(6, r.tombstone().missedEstimate());
            assertEquals(List.of("8", "9", "10"), r.records().stream().map(TopicRecord::dataString).toList());
        }
    }

    @Test
    void oneSourceFansOutToSixteenDestinations() {
        try (Fixture f = new Fixture()) {
            for (int i = 0; i < 16; i++) {
                f.log.putRouter("s->d" + i, RouterSpec.of("s", "d" + i));
            }
            for (int i = 0; i < 500; i++) {
                f.append("s", String.valueOf(i), String.valueOf(i));
            }
            for (int i = 0; i < 16; i++) {
                String d = "d" + i;
                await().atMost(WAIT).until(() -> head(f, d) == 1000);
                List<TopicRecord> copies = all(f, d);
                for (int k = 0; k < 1000; k++) {
                    assertEquals(String.valueOf(k / 2), copies.get(k).dataString());
                }
            }
        }
    }
}
