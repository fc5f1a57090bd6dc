package dev.seqlog.server.http;

import dev.seqlog.server.UrlClient;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 of the real server while routers forward (SEMANTICS §12.2, §12.3, §12.8): a writer appends numbered
 * records to an fsync source that two routers copy, one at-least-once and one exactly-once, into fsync
 * destinations; the server is killed mid-stream, restarted on the same data directory, written to a little more,
 * and left to catch up. Then every source record is in the at-least-once destination, which is the source in order
 * except for one contiguous run re-forwarded after the restart, and in the exactly-once destination exactly once,
 * in order.
 */
class RouterKillIT {
    private static final String SOURCE = "src";
    private static final String AT_LEAST_ONCE = "alo";
    private static final String EXACTLY_ONCE = "eo";
    private static final int BATCH = 20;
    private static final int AFTER_RESTART = 200;
    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    @Test
    void forwardingSurvivesKillNine(TestDir dir) throws Exception {
        String jar = KilledServer.jar();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        Process p = KilledServer.start(jar, dir, 1);
        try {
            String base = KilledServer.base(dir, 1);
            for (String t : List.of(SOURCE, AT_LEAST_ONCE, EXACTLY_ONCE)) {
                ok(UrlClient.send(base, "PUT", "/v0/topics/" + t, "{\"durability\":\"fsync\"}"));
            }
            ok(UrlClient.send(base, "PUT", "/v0/routers/src-%3Ealo", "{\"source\":\"src\",\"dest\":\"alo\"}"));
            ok(UrlClient.send(base, "PUT", "/v0/routers/src-%3Eeo", "{\"source\":\"src\",\"dest\":\"eo\","
                    + "\"guarantee\":\"exactly_once\"}"));
            Thread writer = new Thread(() -> write(base, next, acked, Integer.MAX_VALUE), "writer");
            writer.start();
            int killAfter = 500 + random.nextInt(3000);
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= killAfter);
            p.destroyForcibly(); // SIGKILL, with the writer and both routers mid-stream
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            writer.join(30_000);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        p = KilledServer.start(jar, dir, 2);
        try {
            String base = KilledServer.base(dir, 2);
            int stop = next.get() + AFTER_RESTART;
            write(base, next, acked, stop);
            assertEquals(stop, next.get(), "every write after the restart is acknowledged");
            long head = (Long) JsonValue.at(get(base, "/v0/topics/src?touch=false"), "head_seq");
            for (String router : List.of("src-%3Ealo", "src-%3Eeo")) {
                await().atMost(CATCH_UP).until(() -> (Long) JsonValue.at(get(base, "/v0/routers/" + router), "cursor")
                        >= head);
            }
            List<Long> source = values(base, SOURCE);
            Set<Long> present = new HashSet<>(source);
            for (long n : acked) {
                assertTrue(present.contains(n), "acknowledged record " + n + " lost from the source, seed " + seed);
            }
            checkAtLeastOnce(source, values(base, AT_LEAST_ONCE), seed);
            assertEquals(source, values(base, EXACTLY_ONCE), "exactly-once copies, seed " + seed);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The at-least-once destination is a prefix of the source's copies, then the source again from some point at or
     * before the end of that prefix: {@code src[0..k) ++ src[j..)} with {@code j <= k}. So every source record is
     * there, and the only duplicates are {@code src[j..k)}, one contiguous run re-forwarded after the restart.
     */
    private static void checkAtLeastOnce(List<Long> source, List<Long> dest, long seed) {
        int k = 0;
        while (k < dest.size() && k < source.size() && dest.get(k).equals(source.get(k))) {
            k++;
        }
        List<Long> rest = dest.subList(k, dest.size());
        if (rest.isEmpty()) {
            assertEquals(source.size(), k, "source records missing from the at-least-once copies, seed " + seed);
            return;
        }
        int j = source.indexOf(rest.get(0));
        if (j < 0 || j > k) {
            fail("copy " + rest.get(0) + " at " + k + " does not restart the source at or before " + k + ": "
                    + around(dest, k) + ", seed " + seed);
        }
        assertEquals(source.subList(j, source.size()), rest, "after the re-forwarded run from " + j + " to " + k
                + ", the copies follow the source exactly, seed " + seed);
    }

    private static List<Long> around(List<Long> l, int i) {
        return l.subList(Math.max(0, i - 5), Math.min(l.size(), i + 5));
    }

    /**
     * Appends records numbered from {@code next}, in batches of up to {@link #BATCH} (so the routers have whole
     * batches to copy when the server dies), until {@code stop} or until the server is gone; records each
     * acknowledged number. A number whose write got no answer is never reused.
     */
    private static void write(String base, AtomicInteger next, Set<Long> acked, int stop) {
        while (next.get() < stop) {
            int first = next.get();
            int n = Math.min(BATCH, stop - first);
            next.addAndGet(n);
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < n; i++) {
                body.append(i == 0 ? "" : ",").append("{\"data\":").append(first + i).append('}');
            }
            String resp;
            try {
                resp = UrlClient.send(base, "POST", "/v0/topics/src?return_seqs=false", body.append("]}").toString());
            } catch (IOException serverGone) {
                return;
            }
            if (!resp.startsWith("200")) {
                return;
            }
            for (int i = 0; i < n; i++) {
                acked.add((long) first + i);
            }
        }
    }

    /** The data of every record of a topic, in seq order. */
    private static List<Long> values(String base, String topic) throws IOException {
        List<Long> out = new ArrayList<>();
        long cursor = 0;
        while (true) {
            Object json = JsonValue.parse(ok(UrlClient.send(base, "POST", "/v0/topics/" + topic + "/diff",
                    "{\"from_seq\":" + cursor + ",\"limit\":1000}")));
            for (Object r : (List<?>) JsonValue.at(json, "records")) {
                out.add((Long) JsonValue.at(r, "data"));
            }
            assertEquals(null, JsonValue.at(json, "tombstone"), topic + " lost records: " + json);
            if (Boolean.TRUE.equals(JsonValue.at(json, "caught_up"))) {
                return out;
            }
            cursor = (Long) JsonValue.at(json, "next_from_seq");
        }
    }

    private static Object get(String base, String path) throws IOException {
        return JsonValue.parse(ok(UrlClient.send(base, "GET", path, null)));
    }

    /** Asserts a 200 or 201 and returns the body. */
    private static String ok(String resp) {
        assertTrue(resp.startsWith("200") || resp.startsWith("201"), resp);
        return resp.substring(4);
    }
}
