package dev.seqlog.server.http;

import dev.seqlog.testsupport.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SEQLOG_ACCESS_LOG off (the default): requests, streams included, log no access lines. */
class AccessLogOffTest extends ServerTest {

    @Test
    void noLinesByDefault(LogCapture logs) {
        logs.watch(AccessLogTest.ACCESS);
        assertEquals(201, put("/v0/topics/orders", "{}").status());
        assertEquals(404, get("/v0/nowhere").status());
        Http.Resp w = post("/v0/watch", "{\"topics\":{\"orders\":{}},\"heartbeat_ms\":1000}");
        assertEquals(200, w.status(), w.toString());
        try (SseClient s = SseClient.open(server.port(), "/v0/watch/" + w.at("wid"))) {
            assertEquals(200, s.status, s.errorBody);
            s.next(Duration.ofSeconds(10), true);
        }
        // every exchange above has ended once the server has stopped
        server.close();
        assertEquals(0, logs.events(AccessLogTest.ACCESS).size(), logs.events(AccessLogTest.ACCESS).toString());
    }
}
