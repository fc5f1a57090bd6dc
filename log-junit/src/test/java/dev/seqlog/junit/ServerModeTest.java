package dev.seqlog.junit;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator behind a real server: the same controls, reached over HTTP by the client and by anyone else. */
@WithSeqlog(mode = Mode.SERVER)
class ServerModeTest {

    @Test
    void theClientAndAPlainHttpCallSeeTheSameLog(EventLog log, URI url) throws IOException {
        assertEquals("127.0.0.1", url.getHost());
        log.append("orders", AppendRequest.of(RecordInput.json("{\"sku\":\"A-1\"}")));
        Response r = get(url.resolve("/v0/topics/orders"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"head_seq\":1"), r.body());
    }

    @Test
    void aCrashKeepsTheUrlAndLosesWhatTheClassMayLose(EventLog log, SeqlogEmulator seqlog, URI url)
            throws IOException {
        log.configure("safe", TopicConfig.builder().durability(Durability.FSYNC).build());
        log.configure("clicks", TopicConfig.builder().durability(Durability.EPHEMERAL).build());
        CrashTest.appendNumbered(log, "safe", 3);
        CrashTest.appendNumbered(log, "clicks", 3);
        seqlog.crash(Crash.POWER_LOSS);
        assertEquals(url, seqlog.url());
        assertEquals(200, get(url.resolve("/v0/ready")).statusCode());
        assertEquals(List.of("1", "2", "3"), log.diff("safe", DiffRequest.from(0)).records().stream()
                .map(TopicRecord::dataString).toList());
        assertEquals(TombstoneReason.RESTART, log.diff("clicks", DiffRequest.from(0)).tombstone().reason());
    }

    @Test
    void errorsArriveWithTheirCodesAndTheClockDrivesTheServer(EventLog log, SeqlogEmulator seqlog) {
        assertEquals(ErrorCode.TOPIC_NOT_FOUND,
                assertThrows(SeqlogException.class, () -> log.state("missing")).code());
        log.configure("t", TopicConfig.builder().ttlMs(1000).build());
        CrashTest.appendNumbered(log, "t", 1);
        seqlog.advance(Duration.ofSeconds(2));
        assertEquals(TombstoneReason.TTL, log.diff("t", DiffRequest.from(0)).tombstone().reason());
    }

    @Test
    void anEmbeddedOnlyCallIsRefusedClearly() {
        SeqlogEmulator embedded = SeqlogEmulator.builder().start();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, embedded::url);
            assertTrue(e.getMessage().contains("Mode.SERVER"), e.getMessage());
        } finally {
            embedded.close();
        }
    }

    /** A plain GET, as any other HTTP client would send it. */
    private static Response get(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        try {
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Response(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            c.disconnect();
        }
    }

    private record Response(int statusCode, String body) {
    }
}
