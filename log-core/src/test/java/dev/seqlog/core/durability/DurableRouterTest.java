package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Routers across restarts (STORAGE-GUARANTEES §7): definitions, removals and cursors come back. */
class DurableRouterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock).walShards(2)
                .walFileBytes(256 << 10).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    private static void write(SeqlogEngine log, String topic, int from, int n) {
        for (int i = from; i < from + n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json(String.valueOf(i)).withTag(i % 2 == 0 ? "even" : "odd")));
        }
    }

    private static void awaitForwarded(SeqlogEngine log, String router, String source) {
        await().atMost(WAIT).until(() -> log.router(router).cursor() == log.state(source).headSeq());
    }

    private static List<String> data(SeqlogEngine log, String topic) {
        return log.diff(topic, DiffRequest.from(0).withLimit(1000)).records().stream().map(r -> r.dataString()).toList();
    }

    private void restartKeepsEverything(TestDir dir, boolean checkpoint, Durability destClass) {
        RouterInfo before;
        try (SeqlogEngine log = open(dir)) {
            log.configure("d", TopicConfig.builder().durability(destClass).build());
            log.putRouter("s->d", RouterSpec.of("s", "d").withPreserveNode(false));
            write(log, "s", 0, 10);
            awaitForwarded(log, "s->d", "s");
            if (checkpoint) {
                log.checkpoint();
            }
            write(log, "s", 10, 5);
            awaitForwarded(log, "s->d", "s");
            before = log.router("s->d");
            assertEquals(15, before.forwardedTotal());
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(before, log.router("s->d"));
            write(log, "s", 15, 3);
            awaitForwarded(log, "s->d", "s");
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
                    "16", "17"), data(log, "d"));
        }
    }

    @Test
    void aRouterAndItsCursorComeBackFromTheWal(TestDir dir) {
        restartKeepsEverything(dir, false, Durability.DISK);
    }

    @Test
    void aRouterAndItsCursorComeBackFromASnapshot(TestDir dir) {
        restartKeepsEverything(dir, true, Durability.FSYNC);
    }

    @Test
    void progressOverRecordsTheFilterSkipsComesBack(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.putRouter("odd", RouterSpec.of("s", "d").withFilter(TagMatch.eq("odd")));
            write(log, "s", 0, 4);
            awaitForwarded(log, "odd", "s");
            write(log, "s", 4, 1); // "4" is even: filtered out, a FORWARD frame without records holds the progress
            awaitForwarded(log, "odd", "s");
            assertEquals(5, log.router("odd").cursor());
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(5, log.router("odd").cursor());
            assertEquals(2, log.router("odd").forwardedTotal());
            assertEquals(List.of("1", "3"), data(log, "d"));
        }
    }

    @Test
    void removalsAndTheirCascadesStayRemoved(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.putRouter("a->b", RouterSpec.of("a", "b"));
            log.putRouter("b->c", RouterSpec.of("b", "c"));
            log.putRouter("x->y", RouterSpec.of("x", "y"));
            log.putRouter("x->z", RouterSpec.of("x", "z").withPreserveTag(false));
            log.checkpoint();
            log.deleteRouter("x->y");
            assertEquals(List.of("a->b", "b->c"), log.deleteTopic("b").routersRemoved());
            log.putRouter("x->z", RouterSpec.of("x", "z"));
        }
        try (SeqlogEngine log = open(dir)) {
            List<RouterInfo> left = log.routers(RouterListRequest.all()).routers();
            assertEquals(List.of("x->z"), left.stream().map(RouterInfo::router).toList());
            assertEquals(true, left.get(0).preserveTag());
            assertEquals(ErrorCode.ROUTER_NOT_FOUND, assertThrows(SeqlogException.class, () -> log.router("a->b")).code());
            log.putRouter("a->b2", RouterSpec.of("a", "b2")); // router ids are never reused
            log.checkpoint();
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(List.of("a->b2", "x->z"), log.routers(RouterListRequest.all()).routers().stream()
                    .map(RouterInfo::router).toList());
            write(log, "a", 0, 2);
            awaitForwarded(log, "a->b2", "a");
            assertEquals(List.of("0", "1"), data(log, "b2"));
        }
    }

    @Test
    void aDestinationWaitingForItsDiskNeverHoldsUpWritesToTheSource(TestDir dir) {
        GatedFileSystem fs = new GatedFileSystem();
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).fileSystem(fs)
                .clock(clock).walShards(1).backgroundPreallocation(false).backgroundExpiry(false)
                .backgroundCheckpoints(false).build())) {
            log.configure("s", TopicConfig.builder().durability(Durability.MEMORY).build());
            log.configure("d", TopicConfig.builder().durability(Durability.FSYNC).build());
            log.putRouter("s->d", RouterSpec.of("s", "d"));
            fs.gate.acquireUninterruptibly(Integer.MAX_VALUE); // the destination's flushes now wait
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> write(log, "s", 0, 5000));
            assertEquals(5000, log.state("s").headSeq());
            assertEquals(0, log.router("s->d").cursor(), "no copy is acknowledged before its flush");
            fs.gate.release(Integer.MAX_VALUE);
            awaitForwarded(log, "s->d", "s");
            List<String> copies = data(log, "d");
            assertEquals(1000, copies.size()); // one page of the diff
            assertEquals("999", copies.get(999));
            assertEquals(5000, log.state("d").count());
        }
    }

    @Test
    void anEphemeralDestinationLosesItsCopiesButNotTheCursor(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("d", TopicConfig.builder().durability(Durability.EPHEMERAL).build());
            log.putRouter("s->d", RouterSpec.of("s", "d"));
            write(log, "s", 0, 3);
            awaitForwarded(log, "s->d", "s");
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(3, log.router("s->d").cursor());
            write(log, "s", 3, 1);
            awaitForwarded(log, "s->d", "s");
            assertEquals(List.of("3"), data(log, "d"));
        }
    }
}
