package dev.seqlog.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * W4's SSE watchers and the IDLE holder against {@link FakeWatchServer} on loopback: the whole path from
 * session creation over non-blocking sockets to verification. Each test runs its own fake; the workloads
 * start their own threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseWatchTest {

    @Test
    void w4OverChunkedStreamsSeesEveryRecordOnceInOrder() throws Exception {
        w4VerifiesEveryRecord(FakeWatchServer.Framing.CHUNKED);
    }

    @Test
    void w4OverRawStreamsSeesEveryRecordOnceInOrder() throws Exception {
        w4VerifiesEveryRecord(FakeWatchServer.Framing.RAW);
    }

    private static void w4VerifiesEveryRecord(FakeWatchServer.Framing framing) throws Exception {
        try (FakeWatchServer fake = new FakeWatchServer(framing)) {
            LoadGenOptions opt = options(fake, "--workload", "W4", "--tail", "sse", "--w4-readers", "5",
                    "--sse-threads", "2", "--w4-senders", "2", "--w4-duration-ms", "300");
            WorkloadResult r = w4(opt);
            String all = String.join("\n", r.summary());
            System.out.println(all);
            assertTrue(r.verified(), all);
            assertTrue(all.contains("W4 tail latency: 5 SSE watchers (a watch session and stream each, 2 selector "
                    + "threads), 300 records"), all);
            assertTrue(all.contains("over 1500 deliveries"), all);
            assertTrue(all.contains("readers complete 5/5, missing=0 duplicates=0 out-of-order=0 malformed=0 -> OK"),
                    all);
            assertTrue(all.contains("caught-up=5 ") && all.contains("cursor-breaks=0 -> OK"), all);
            assertTrue(r.p50Nanos() > 0 && r.p99Nanos() >= r.p50Nanos(), all);
            assertEquals(5, fake.streamsServed());
        }
    }

    @Test
    void aRefusedStreamFailsW4WithTheServersAnswer() throws Exception {
        try (FakeWatchServer fake = new FakeWatchServer(FakeWatchServer.Framing.CHUNKED)) {
            fake.refuseStreamsWith(429);
            LoadGenOptions opt = options(fake, "--tail", "sse", "--w4-readers", "3", "--w4-duration-ms", "100");
            LoadGenException e = assertThrows(LoadGenException.class, () -> w4(opt));
            assertTrue(e.getMessage().contains("-> 429"), e.getMessage());
        }
    }

    @Test
    void aTerminalErrorFrameFailsW4() throws Exception {
        try (FakeWatchServer fake = new FakeWatchServer(FakeWatchServer.Framing.RAW)) {
            fake.terminalErrorAfterFrames(3);
            LoadGenOptions opt = options(fake, "--tail", "sse", "--w4-readers", "2", "--w4-duration-ms", "300");
            LoadGenException e = assertThrows(LoadGenException.class, () -> w4(opt));
            assertTrue(e.getMessage().contains("terminal error frame"), e.getMessage());
        }
    }

    @Test
    void idleHoldsEveryStreamOpenThenClosesThem() throws Exception {
        try (FakeWatchServer fake = new FakeWatchServer(FakeWatchServer.Framing.CHUNKED)) {
            LoadGenOptions opt = options(fake, "--workload", "IDLE", "--connections", "150", "--hold-ms", "500");
            WorkloadResult r = idle(opt);
            String all = String.join("\n", r.summary());
            assertTrue(r.verified(), all);
            assertTrue(all.startsWith("IDLE held: 150/150 watch streams still open after 500 ms"), all);
            assertTrue(all.contains("dropped by the server 0"), all);
            assertEquals(150, fake.streamsServed());
        }
    }

    @Test
    void idleReportsStreamsTheServerRefused() throws Exception {
        try (FakeWatchServer fake = new FakeWatchServer(FakeWatchServer.Framing.RAW)) {
            fake.refuseStreamsWith(429);
            LoadGenOptions opt = options(fake, "--workload", "IDLE", "--connections", "20", "--hold-ms", "100");
            WorkloadResult r = idle(opt);
            assertFalse(r.verified(), String.join("\n", r.summary()));
            assertTrue(r.summary().get(0).startsWith("IDLE held: 0/20"), r.summary().get(0));
        }
    }

    @Test
    void optionsSelectTheTailModeAndIdle() {
        LoadGenOptions o = LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:1"}, Map.of());
        assertEquals(LoadGenOptions.TailMode.LONGPOLL, o.tail());
        assertFalse(o.idle());
        assertEquals(1, o.sseThreads());
        assertEquals(0, o.heartbeatMs());
        assertEquals(1000, o.idleConnections());
        assertEquals(10_000, o.idleHoldMs());
        LoadGenOptions s = LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--workload", "w4,idle",
            "--tail", "SSE", "--w4-readers", "1000", "--sse-threads", "2", "--heartbeat-ms", "5000", "--connections",
            "2000", "--hold-ms", "30000"}, Map.of());
        assertEquals(java.util.EnumSet.of(LoadGenOptions.Workload.W4), s.workloads());
        assertTrue(s.idle());
        assertEquals(LoadGenOptions.TailMode.SSE, s.tail());
        assertEquals(1000, s.w4Readers());
        assertEquals(2, s.sseThreads());
        assertEquals(5000, s.heartbeatMs());
        assertEquals(2000, s.idleConnections());
        assertEquals(30_000, s.idleHoldMs());
        LoadGenOptions idleOnly = LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:1", "--workload",
            "IDLE"}, Map.of());
        assertTrue(idleOnly.workloads().isEmpty());
        assertTrue(idleOnly.idle());
        assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {"--url",
            "http://127.0.0.1:1", "--tail", "ws"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {"--url",
            "http://127.0.0.1:1", "--connections", "0"}, Map.of()));
    }

    private static LoadGenOptions options(FakeWatchServer fake, String... more) {
        List<String> args = new ArrayList<>(List.of("--url", "http://127.0.0.1:" + fake.port()));
        args.addAll(List.of(more));
        return LoadGenOptions.parse(args.toArray(new String[0]), Map.of());
    }

    private static WorkloadResult w4(LoadGenOptions opt) throws Exception {
        try (HttpTransport t = SeqlogWorkloads.transport(opt)) {
            return new Workloads(opt, t).w4("t");
        }
    }

    private static WorkloadResult idle(LoadGenOptions opt) throws Exception {
        try (HttpTransport t = SeqlogWorkloads.transport(opt)) {
            return IdleHolder.run(opt, new Workloads(opt, t), "t");
        }
    }
}
