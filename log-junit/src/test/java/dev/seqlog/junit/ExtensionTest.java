package dev.seqlog.junit;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension's lifecycle, run through the JUnit engine on small test classes of its own: per-method and
 * per-class emulators, reset between shared tests, closed after failures, and configuration errors.
 */
class ExtensionTest {
    /** Emulators the cases saw, in order. */
    static final List<SeqlogEmulator> SEEN = new CopyOnWriteArrayList<>();
    static final List<URI> URLS = new CopyOnWriteArrayList<>();
    static final Instant START = Instant.parse("2031-05-06T07:08:09Z");

    /** The shared HTTP client of server emulators lives as long as the JVM: started here, not inside a test. */
    @BeforeAll
    static void startTheSharedHttpClient() {
        EmulatorHttp.client();
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        SEEN.clear();
        URLS.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .selectors(selectClass(testClass))
                .execute();
    }

    private static void assertClosed(SeqlogEmulator emulator) {
        assertThrows(IllegalStateException.class, emulator::restart, "closed after its scope");
    }

    @Test
    void eachMethodGetsAFreshEmulatorClosedAfterIt() {
        run(PerMethodCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertEquals(2, SEEN.size());
        assertNotSame(SEEN.get(0), SEEN.get(1));
        SEEN.forEach(ExtensionTest::assertClosed);
    }

    @Test
    void aSharedEmulatorIsResetBetweenTestsAndKeepsItsUrl() {
        run(SharedCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertEquals(2, SEEN.size());
        assertSame(SEEN.get(0), SEEN.get(1));
        assertClosed(SEEN.get(0));
    }

    @Test
    void aSharedServerKeepsItsUrlAcrossTheReset() {
        run(SharedServerCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertEquals(2, URLS.size());
        assertEquals(URLS.get(0), URLS.get(1));
        assertClosed(SEEN.get(0));
    }

    @Test
    void aFailingTestStillClosesItsEmulator() {
        run(FailingCase.class).testEvents().assertStatistics(s -> s.failed(1));
        assertEquals(1, SEEN.size());
        assertClosed(SEEN.get(0));
    }

    @Test
    void configurationMistakesFailTheTestWithAClearMessage() {
        EngineExecutionResults bad = run(BadStartTimeCase.class);
        bad.testEvents().assertStatistics(s -> s.failed(1));
        String message = bad.testEvents().failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage();
        assertTrue(message.contains("is not an ISO-8601 instant"), message);

        EngineExecutionResults uri = run(UriInEmbeddedCase.class);
        uri.testEvents().assertStatistics(s -> s.failed(1));
        String why = uri.testEvents().failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage();
        assertTrue(why.contains("Mode.SERVER"), why);
    }

    @WithSeqlog
    static class PerMethodCase {
        @Test
        void first(SeqlogEmulator seqlog, EventLog log) {
            SEEN.add(seqlog);
            log.configure("a", TopicConfig.defaults());
        }

        @Test
        void second(SeqlogEmulator seqlog, EventLog log) {
            SEEN.add(seqlog);
            log.configure("a", TopicConfig.defaults());
        }
    }

    @WithSeqlog(scope = Scope.PER_CLASS, startTime = "2031-05-06T07:08:09Z")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SharedCase {
        @Test
        @Order(1)
        void leavesStateBehind(SeqlogEmulator seqlog, EventLog log) {
            SEEN.add(seqlog);
            log.configure("left-over", TopicConfig.defaults());
            seqlog.advance(Duration.ofHours(1));
            seqlog.stallSubscribers();
        }

        @Test
        @Order(2)
        void findsAnEmptyLog(SeqlogEmulator seqlog, EventLog log, EmulatorClock clock) {
            SEEN.add(seqlog);
            assertEquals(ErrorCode.TOPIC_NOT_FOUND,
                    assertThrows(SeqlogException.class, () -> log.state("left-over")).code());
            assertEquals(START, clock.instant());
        }
    }

    @WithSeqlog(mode = Mode.SERVER, scope = Scope.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SharedServerCase {
        @Test
        @Order(1)
        void writes(SeqlogEmulator seqlog, EventLog log, URI url) {
            SEEN.add(seqlog);
            URLS.add(url);
            log.configure("left-over", TopicConfig.defaults());
        }

        @Test
        @Order(2)
        void findsItGone(EventLog log, URI url) {
            URLS.add(url);
            assertEquals(ErrorCode.TOPIC_NOT_FOUND,
                    assertThrows(SeqlogException.class, () -> log.state("left-over")).code());
        }
    }

    @WithSeqlog
    static class FailingCase {
        @Test
        void fails(SeqlogEmulator seqlog) {
            SEEN.add(seqlog);
            throw new AssertionError("on purpose");
        }
    }

    @WithSeqlog(startTime = "tomorrow")
    static class BadStartTimeCase {
        @Test
        void neverRuns(EventLog log) {
            log.configure("a", TopicConfig.defaults());
        }
    }

    @WithSeqlog
    static class UriInEmbeddedCase {
        @Test
        void neverRuns(URI url) {
            assertTrue(url.getPort() > 0);
        }
    }
}
