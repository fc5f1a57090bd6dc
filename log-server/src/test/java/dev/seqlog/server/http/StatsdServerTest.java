package dev.seqlog.server.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SEQLOG_STATSD starts the push of API §16.4 with the server and closing the server stops it (the strict test
 * extension fails the test if its thread outlives the server). Exact bytes are checked in StatsdPusherTest.
 */
class StatsdServerTest extends ServerTest {
    private DatagramSocket statsd;

    @Override
    Map<String, String> env() {
        try {
            statsd = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            statsd.setSoTimeout(200);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Map.of("SEQLOG_STATSD", "127.0.0.1:" + statsd.getLocalPort(), "SEQLOG_STATSD_INTERVAL_MS", "1000",
                "SEQLOG_STATSD_PREFIX", "svc.seqlog", "SEQLOG_STATSD_TAGS", "dogstatsd");
    }

    @AfterEach
    void closeSocket() {
        statsd.close();
    }

    String nextDatagram() throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            statsd.receive(p);
        } catch (SocketTimeoutException e) {
            return "";
        }
        return new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    @Test
    void theServerPushesItsMetricsEveryInterval() {
        assertTrue(put("/v0/topics/jobs", "{}").status() == 201);
        StringBuilder seen = new StringBuilder();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            seen.append(nextDatagram()).append('\n');
            return seen.toString().contains("svc.seqlog.topic_head_seq:0|g|#topic:jobs");
        });
        String all = seen.toString();
        assertTrue(all.contains("svc.seqlog.ready:1|g"), all);
        assertTrue(all.contains("svc.seqlog.topics:1|g"), all);
        assertTrue(all.contains("svc.seqlog.topics_by_class:1|g|#class:"), all);
        for (String line : all.split("\n")) {
            assertTrue(line.isEmpty() || line.matches("svc\\.seqlog\\.[A-Za-z0-9_.-]+:-?[0-9.E]+\\|[gc](\\|#.*)?"),
                    line);
        }
    }
}
