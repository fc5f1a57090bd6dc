package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that send slowly, stop reading, cut a body short, hold many connections or abort requests by the
 * thousand: each gets the documented answer (or is dropped), nothing is written for it, probes and ordinary
 * writes keep answering meanwhile, and every count a request holds returns to zero. Timeouts are injected
 * small; every wait is bounded by Awaitility or a socket timeout, never a sleep.
 */
class HostileClientsTest extends ServerTest {
    private static final String HEAD = "POST /v0/topics/t HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_BODY_TIMEOUT_MS", "400", "SEQLOG_WRITE_TIMEOUT_MS", "400",
                "SEQLOG_HEADER_TIMEOUT_MS", "400", "SEQLOG_MAX_CONNECTIONS_PER_ADDRESS", "300");
    }

    @Test
    void aStalledBodyIsAnswered408WhileHealthAndWritesKeepAnswering() {
        List<RawConnection> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                slow.add(RawConnection.open(server.port())
                        .send(HEAD + "Content-Length: 100\r\n\r\n{\"records\":[{\"data\":"));
            }
            // more stalled bodies than the server has worker threads: nothing waits on them
            assertEquals(200, get("/v0/health").status());
            assertEquals(201, post("/v0/topics/other", "{\"records\":[{\"data\":1}]}").status());
            for (RawConnection c : slow) {
                String r = c.readToClose();
                assertEquals(408, RawConnection.status(r), r);
                assertTrue(RawConnection.body(r).contains("\"code\":\"request_timeout\""), r);
            }
        } finally {
            slow.forEach(RawConnection::close);
        }
        assertEquals(404, get("/v0/topics/t").status(), "nothing was written for the stalled bodies");
    }

    @Test
    void aBodyCutShortByAHalfCloseIs400NotA500() {
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send(HEAD + "Content-Length: 100\r\n\r\n{\"records\":[").halfClose();
            String r = c.readToClose();
            assertEquals(400, RawConnection.status(r), r);
            assertTrue(RawConnection.body(r).contains("\"code\":\"invalid_request\""), r);
        }
        assertEquals(404, get("/v0/topics/t").status());
    }

    @Test
    void brokenChunkFramingIsRefusedAndWritesNothing() {
        // a chunk longer than its size line: either an answer of 400 or a closed connection, never a 500
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send(HEAD + "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"records\":[]}\r\n0\r\n\r\n");
            String r = c.readToClose();
            assertTrue(r.isEmpty() || RawConnection.status(r) == 400, r);
        }
        assertEquals(404, get("/v0/topics/t").status());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AsSoonAsItPassesTheLimit() {
        // the default body limit is 64 MiB; a chunked body announces no length, so it is counted as it comes
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send(HEAD + "Transfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("100000\r\n" + "x".repeat(1 << 20) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 65; i++) {
                    c.send(chunk);
                }
            } catch (java.io.UncheckedIOException e) {
                // the server answered and closed while we were still sending: that is the point
            }
            String r = c.readToClose();
            assertEquals(413, RawConnection.status(r), r);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws Exception {
        fillEightMiB("big");
        List<RawConnection> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // more than the worker threads: exports stream from workers
                stalled.add(RawConnection.open(server.port(), 4096)
                        .send("GET /v0/topics/big/records HTTP/1.1\r\nHost: x\r\n\r\n"));
                String diff = "{\"from_seq\":0,\"limit\":1000,\"max_batch_bytes\":8388608}";
                stalled.add(RawConnection.open(server.port(), 4096).send("POST /v0/topics/big/diff HTTP/1.1\r\n"
                        + "Host: x\r\nContent-Type: application/json\r\nContent-Length: " + diff.length() + "\r\n\r\n" + diff));
            }
            assertEquals(200, get("/v0/health").status());
            await().atMost(Duration.ofSeconds(20)).until(() -> server.state().inFlight() == 0
                    && server.openConnections() <= 1); // the test client's own keep-alive connection may remain
            assertEquals(201, post("/v0/topics/after", "{\"records\":[{\"data\":1}]}").status());
        } finally {
            stalled.forEach(RawConnection::close);
        }
    }

    @Test
    void thousandsOfAbortedRequestsLeaveNothingBehind() {
        for (int i = 0; i < 2000; i++) {
            try (RawConnection c = RawConnection.open(server.port())) {
                switch (i % 4) {
                    case 0 -> c.send(HEAD + "Content-Length: 1000\r\n\r\n{\"records\":");
                    case 1 -> c.send(HEAD + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"rec");
                    case 2 -> c.send("POST /v0/topics/t/diff HTTP/1.1\r\nHost: x\r\n");
                    default -> c.send("POST /v0/topics/t/diff HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                            + "\r\nContent-Length: 28\r\n\r\n{\"from_seq\":0,\"wait_ms\":5000}");
                }
                if (i % 2 == 0) {
                    c.socket.setSoLinger(true, 0); // a reset rather than an orderly close
                }
            } catch (java.net.SocketException e) {
                throw new AssertionError(e);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.state().inFlight() == 0
                && server.openConnections() == 0 && server.state().parkedPolls() == 0);
        assertEquals(404, get("/v0/topics/t").status());
        assertEquals(200, get("/v0/health").status());
    }

    @Test
    void connectionsOverThePerAddressCapAreRefusedWith429() {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                held.add(RawConnection.open(server.port()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 300);
            try (RawConnection over = RawConnection.open(server.port())) {
                String r = over.readToClose();
                assertEquals(429, RawConnection.status(r), r);
                assertTrue(r.contains("Retry-After: 1"), r);
                assertTrue(RawConnection.body(r).contains("\"limit\":\"max_connections_per_address\""), r);
            }
            held.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 299);
            assertEquals(200, get("/v0/health").status());
        } finally {
            held.forEach(RawConnection::close);
        }
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersIsClosed() {
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send("GET /v0/health HTTP/1.1\r\nHost: x\r\n");
            c.readToClose(); // returns once the server closes it; the socket timeout would fail the test
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
    }

    @Test
    void expect100ContinueIsAnsweredBeforeTheBodyIsSent() {
        try (RawConnection c = RawConnection.open(server.port())) {
            String body = "{\"records\":[{\"data\":1}]}";
            c.send(HEAD + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
            String interim = c.readResponse();
            assertEquals(100, RawConnection.status(interim), interim);
            c.send(body);
            String r = c.readResponse();
            assertEquals(201, RawConnection.status(r), r);
        }
    }

    @Test
    void malformedRequestsTheFrameworkRefusesCarryTheErrorEnvelope() {
        List<String> malformed = List.of(
                "GARBAGE\r\n\r\n",
                "GET /v0/health HTTP/1.1\r\n\r\n", // no Host
                "GET /v0/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET /v0/health HTTP/1.1\r\nHost: x\r\nBad\u0001Name: v\r\n\r\n",
                "GET /v0/health HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /v0/he alth HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v0/health HTTP/1.1\r\nHost: x\r\nX: " + "y".repeat(70_000) + "\r\n\r\n");
        for (String m : malformed) {
            try (RawConnection c = RawConnection.open(server.port())) {
                try {
                    c.send(m);
                } catch (java.io.UncheckedIOException e) {
                    // refused while still sending the oversized header
                }
                String shown = m.length() > 80 ? m.substring(0, 80) : m;
                String r;
                try {
                    r = c.readToClose();
                } catch (AssertionError e) {
                    throw new AssertionError(shown, e);
                }
                assertEquals(400, RawConnection.status(r), shown + " -> " + r);
                assertTrue(r.contains("Content-Type: application/json"), r);
                assertEquals("invalid_request", JsonValue.at(JsonValue.parse(RawConnection.body(r)), "error.code"), r);
            }
        }
    }

    @Test
    void gzipFollowedByGarbageIs400AndConcatenatedMembersAreOneBody() throws Exception {
        byte[] a = gzip("{\"records\":[{\"data\":1}");
        byte[] b = gzip(",{\"data\":2}]}");
        byte[] garbage = concat(gzip("{\"records\":[{\"data\":1}]}"), "junk".getBytes(StandardCharsets.US_ASCII));
        Http.Resp bad = raw("POST", "/v0/topics/z", JSON, garbage, "Content-Encoding", "gzip");
        assertEquals(400, bad.status());
        assertEquals("invalid_request", bad.code());
        assertEquals(404, get("/v0/topics/z").status());
        Http.Resp ok = raw("POST", "/v0/topics/z", JSON, concat(a, b), "Content-Encoding", "gzip");
        assertEquals(201, ok.status(), new String(ok.body(), StandardCharsets.UTF_8));
        assertEquals(2L, ((Number) ok.at("last_seq")).longValue());
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] r = new byte[x.length + y.length];
        System.arraycopy(x, 0, r, 0, x.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }
}
