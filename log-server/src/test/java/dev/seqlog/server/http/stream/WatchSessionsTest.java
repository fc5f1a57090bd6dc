package dev.seqlog.server.http.stream;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session ids, the session cap, expiry on the injected clock, and the resume rules of API §8.4. */
class WatchSessionsTest {
    private static final StreamOptions OPTIONS = new StreamOptions(15_000, false, true);

    /** A bound watch of fixed positions; never subscribed in these tests. */
    private static WatchPublisher watch(Map<String, WatchPosition> positions) {
        return new WatchPublisher() {
            @Override
            public Map<String, WatchPosition> positions() {
                return positions;
            }

            @Override
            public WatchPublisher startingAt(Map<String, Long> cursors) {
                return this;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber, Executor executor) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void idsAreUnguessableAndWellFormed() {
        WatchSessions s = new WatchSessions(new ManualClock(0), 0, 300_000);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String wid = s.create(ApiKey.DEV_MODE, watch(Map.of()), OPTIONS).wid();
            assertTrue(WatchSessions.wellFormed(wid), wid);
            assertEquals(26, wid.length(), "wid_ and 128 bits in unpadded base64url");
            ids.add(wid);
        }
        assertEquals(1000, ids.size());
        assertFalse(WatchSessions.wellFormed("wid_short"));
        assertFalse(WatchSessions.wellFormed("wid_AAAAAAAAAAAAAAAAAAAAA/"));
    }

    @Test
    void aSessionWithoutAStreamExpiresAfterItsTtlAndFreesItsSlot() {
        ManualClock clock = new ManualClock(1_000_000);
        WatchSessions s = new WatchSessions(clock, 2, 300_000);
        WatchSession a = s.create(ApiKey.DEV_MODE, watch(Map.of()), OPTIONS);
        s.create(ApiKey.DEV_MODE, watch(Map.of()), OPTIONS);
        SeqlogException full = assertThrows(SeqlogException.class, () -> s.create(ApiKey.DEV_MODE, watch(Map.of()), OPTIONS));
        assertEquals(ErrorCode.THROTTLED, full.code());
        assertEquals("max_watch_sessions", full.detail().get("limit"));
        clock.advance(300_000);
        assertNotNull(s.create(ApiKey.DEV_MODE, watch(Map.of()), OPTIONS), "at the cap, expired sessions are removed");
        assertEquals(1, s.size());
        assertNull(s.get(a.wid()), "expired at the TTL");
        WatchSession d = s.create(ApiKey.DEV_MODE, watch(Map.of()), OPTIONS);
        clock.advance(299_999);
        assertNotNull(s.get(d.wid()));
        clock.advance(1);
        assertNull(s.get(d.wid()), "an expired session cannot be opened, swept or not");
    }

    @Test
    void aSessionWithAStreamNeverExpiresAndTheTtlRestartsWhenItDetaches() {
        ManualClock clock = new ManualClock(0);
        WatchSessions s = new WatchSessions(clock, 0, 1000);
        WatchSession b = s.create(ApiKey.DEV_MODE, watch(Map.of()), OPTIONS);
        WatchSession.Stream marker = (code, message, kind) -> { };
        assertNull(b.attach(marker));
        clock.advance(5000);
        assertNotNull(s.get(b.wid()), "attached: never removed");
        b.detach(marker, clock.millis());
        clock.advance(999);
        assertNotNull(s.get(b.wid()));
        clock.advance(1);
        assertNull(s.get(b.wid()));
    }

    @Test
    void lastEventIdOnlyRewinds() {
        WatchSessions s = new WatchSessions(new ManualClock(0), 0, 1000);
        WatchSession a = s.create(ApiKey.DEV_MODE, watch(Map.of("x", new WatchPosition(10, 20, 1),
                "y", new WatchPosition(5, 5, 1))), OPTIONS);
        assertEquals(Map.of("x", 10L, "y", 5L), a.startFor(null));
        assertEquals(Map.of("x", 3L, "y", 5L), a.startFor(Map.of("x", 3L, "y", 9L, "z", 1L)));
    }
}
