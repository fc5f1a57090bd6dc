package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Exports to clients that never read hold connections, not threads: with more stalled exports than the
 * server has workers, and a write timeout far longer than the test, a request that needs a worker still
 * answers.
 */
class StalledExportTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_WRITE_TIMEOUT_MS", "120000");
    }

    @Test
    void stalledExportsLeaveTheWorkersFree() throws Exception {
        fillEightMiB("big");
        List<RawConnection> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) { // the server has 16 workers on two cores
                stalled.add(RawConnection.open(server.port(), 4096)
                        .send("GET /v0/topics/big/records HTTP/1.1\r\nHost: x\r\n\r\n"));
            }
            await().until(() -> server.state().inFlight() == 24);
            // configuring a topic runs on a worker: it answers long before any stalled export is dropped
            Http.Resp r = Http.sendAsync(base, "PUT", "/v0/topics/other", JSON, utf8("{}"), headers())
                    .get(20, TimeUnit.SECONDS);
            assertEquals(201, r.status());
            String first = stalled.get(0).readToCloseOrLimit(1 << 20);
            assertEquals(200, RawConnection.status(first));
        } finally {
            stalled.forEach(RawConnection::close);
        }
        await().until(() -> server.state().inFlight() == 0);
    }
}
