package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out under a stalled client, and that dropped connections give back everything they held (API §8.6,
 * §12.2).
 */
class StreamLoadTest extends ServerTest {

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_MAX_CONNECTIONS_PER_ADDRESS", "0", "SEQLOG_WRITE_TIMEOUT_MS", "1000");
    }

    private String watch(String options) {
        Http.Resp r = post("/v0/watch", "{\"topics\":{\"t\":{\"from_seq\":0}}" + options + "}");
        assertEquals(200, r.status(), r.toString());
        return (String) r.at("wid");
    }

    private long gauge(String name) {
        for (String line : get("/v0/metrics").text().split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no gauge " + name);
    }

    @Test
    void aStalledClientLagsAloneWhileTenOthersReceiveEverything() throws Exception {
        put("/v0/topics/t", "{}");
        String stalledWid = watch(",\"max_batch_bytes\":1");
        SseClient stalled = SseClient.openWithoutReading(server.port(), 4096, "/v0/watch/" + stalledWid);
        List<SseClient> readers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            readers.add(SseClient.open(server.port(), "/v0/watch/" + watch("")));
        }
        String data = "\"" + "x".repeat(16_000) + "\"";
        int writes = 100;
        int perWrite = 10; // 1000 records, 16 MB
        StringBuilder batch = new StringBuilder("{\"records\":[");
        for (int i = 0; i < perWrite; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"data\":").append(data).append('}');
        }
        byte[] body = utf8(batch.append("]}").toString());
        for (int w = 0; w < writes; w++) {
            Http.Resp r = raw("POST", "/v0/topics/t", JSON, body);
            assertEquals(200, r.status(), "every write is acknowledged while a watcher is stalled");
        }
        long head = writes * perWrite;
        for (SseClient r : readers) {
            long seen = 0;
            while (seen < head) {
                SseClient.Frame f = r.next(Duration.ofSeconds(30), false);
                if ("record".equals(f.event())) {
                    long from = ((Number) f.at("from_seq")).longValue();
                    assertEquals(seen, from, "frames follow one another without a gap");
                    seen = ((Number) f.at("to_seq")).longValue();
                }
            }
            r.close();
        }
        // the stalled stream's session cursor is what was handed to its connection: far behind the head, because
        // nothing is read ahead for a client whose socket takes nothing
        try (SseClient resume = SseClient.open(server.port(), "/v0/watch/" + stalledWid)) {
            SseClient.Frame first = resume.next(Duration.ofSeconds(30), false);
            long from = ((Number) first.at("from_seq")).longValue();
            assertTrue(from < head / 2, "the stalled stream was not read ahead: cursor " + from + " of " + head);
        }
        stalled.close();
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndItsSessionResumes() {
        put("/v0/topics/t", "{}");
        String wid = watch("");
        SseClient stalled = SseClient.openWithoutReading(server.port(), 4096, "/v0/watch/" + wid);
        String data = "\"" + "x".repeat(16_000) + "\"";
        for (int w = 0; w < 160; w++) { // 10 MB: more than the socket buffers between them hold
            append("t", data, data, data, data);
        }
        // the write timeout (1 s here, 30 s by default) drops the connection, and with it the slot
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("seqlog_sse_connections") == 0);
        try (SseClient again = SseClient.open(server.port(), "/v0/watch/" + wid)) {
            SseClient.Frame f = again.next(Duration.ofSeconds(30), false);
            assertEquals("record", f.event(), "the session survives the cut-off");
        }
        stalled.close();
    }

    @Test
    void aThousandDroppedConnectionsGiveBackSlotsListenersThreadsAndMemory() {
        put("/v0/topics/t", "{}");
        List<String> wids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            wids.add(watch(",\"heartbeat_ms\":1000"));
        }
        // warm up, then take the baseline
        for (int i = 0; i < 50; i++) {
            SseClient.open(server.port(), "/v0/watch/" + wids.get(i % 10)).close();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("seqlog_sse_connections") == 0);
        long threadsBefore = connectionThreads();
        long heapBefore = usedHeapAfterGc();
        for (int i = 0; i < 1000; i++) {
            SseClient c = SseClient.open(server.port(), 32 << 10, "/v0/watch/" + wids.get(i % 10));
            assertEquals(200, c.status);
            c.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge("seqlog_sse_connections") == 0);
        assertEquals(10, gauge("seqlog_watch_sessions"), "reconnects reuse their sessions");
        await().atMost(Duration.ofSeconds(10)).until(() -> connectionThreads() <= threadsBefore);
        long heapAfter = usedHeapAfterGc();
        assertTrue(heapAfter - heapBefore < 16 << 20, "heap grew by " + (heapAfter - heapBefore) + " bytes");
        append("t", "1");
        try (SseClient c = SseClient.open(server.port(), "/v0/watch/" + wids.get(0))) {
            assertEquals("record", c.next().event(), "the sessions still work");
        }
    }

    /**
     * Live threads other than the server's bounded worker pool (which the metrics requests of this test grow up
     * to its fixed size), the test's own clients and the thread that polls conditions: what a thread per
     * connection would show up in.
     */
    private static long connectionThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> !n.startsWith("seqlog-worker") && !n.startsWith("sse-test-reader")
                        && !n.startsWith("awaitility")).count();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return m.getHeapMemoryUsage().getUsed();
    }
}
