package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle timeout closes keep-alive connections that wait for nothing, and never a long-poll in progress. */
class IdleTimeoutTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_IDLE_TIMEOUT_MS", "300");
    }

    @Test
    void anIdleConnectionIsClosed() {
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send("GET /v0/health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, RawConnection.status(c.readResponse()));
            c.readToClose(); // returns when the server closes the idle connection; the socket timeout fails it
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() <= 1);
    }

    @Test
    void aLongPollWaitingLongerThanTheIdleTimeoutIsAnswered() {
        post("/v0/topics/t", "{\"records\":[{\"data\":1}]}");
        String body = "{\"from_seq\":1,\"wait_ms\":1500}";
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send("POST /v0/topics/t/diff HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
            String r = c.readResponse();
            assertEquals(200, RawConnection.status(r), r);
            assertTrue(RawConnection.body(r).contains("\"records\":[]"), r);
        }
    }
}
