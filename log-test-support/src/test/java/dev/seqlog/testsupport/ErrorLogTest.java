package dev.seqlog.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Proves the ERROR check and {@link ExpectErrorLogs}. Confined. */
class ErrorLogTest {

    // These tests run fixtures that log ERRORs; the events reach this test's capture too, so it must allow them.
    @Test
    @ExpectErrorLogs
    void errorLoggedDuringTheTestFailsItWithTheEventAndItsThrowable(LogCapture outer) {
        Throwable failure = FixtureRunner.singleFailure(FixtureRunner.run(LogsError.class));

        String message = failure.getMessage();
        assertTrue(message.contains("1 ERROR log event(s)"), message);
        assertTrue(message.contains("fixture.engine - append failed topic=orders"), message);
        assertTrue(Arrays.stream(failure.getSuppressed()).anyMatch(t -> "disk gone".equals(t.getMessage())),
                "the logged throwable is attached to the failure");
        assertEquals(1, outer.errors().size(), "an enclosing test's capture sees the nested run's error");
    }

    @Test
    void warnDoesNotFailTheTest() {
        FixtureRunner.assertAllPassed(FixtureRunner.run(LogsWarn.class), 1);
    }

    @Test
    @ExpectErrorLogs
    void expectedErrorOnMethodPassesAndIsReadableThroughLogCapture() {
        FixtureRunner.assertAllPassed(FixtureRunner.run(ExpectsErrorOnMethod.class), 1);
    }

    @Test
    @ExpectErrorLogs
    void expectedErrorOnEnclosingClassCoversNestedTests() {
        FixtureRunner.assertAllPassed(FixtureRunner.run(ExpectsErrorOnClass.class), 2);
    }

    @Fixture
    static class LogsError {
        @Test
        void logsError() {
            LoggerFactory.getLogger("fixture.engine")
                    .error("append failed topic={}", "orders", new IOException("disk gone"));
        }
    }

    @Fixture
    static class LogsWarn {
        @Test
        void logsWarn() {
            LoggerFactory.getLogger("fixture.engine").warn("slow fsync ms={}", 250);
        }
    }

    @Fixture
    static class ExpectsErrorOnMethod {
        @Test
        @ExpectErrorLogs
        void logsExpectedError(LogCapture logs) {
            LoggerFactory.getLogger("fixture.engine").error("store failed path={}", "/data", new IOException("EIO"));

            List<LogEvent> errors = logs.errors();
            assertEquals(1, errors.size());
            assertEquals("fixture.engine", errors.get(0).loggerName());
            assertEquals("store failed path=/data", errors.get(0).message());
            assertInstanceOf(IOException.class, errors.get(0).throwable());
        }
    }

    @Fixture
    @ExpectErrorLogs
    static class ExpectsErrorOnClass {
        private static final Logger LOG = LoggerFactory.getLogger("fixture.class");

        @Test
        void logsExpectedError(LogCapture logs) {
            LOG.error("expected at class level");
            assertEquals(1, logs.errors().size());
        }

        @Nested
        class Inner {
            @Test
            void logsExpectedErrorInNestedClass(LogCapture logs) {
                LOG.error("expected through the enclosing class");
                assertEquals(List.of("expected through the enclosing class"),
                        logs.errors().stream().map(LogEvent::message).toList());
            }
        }
    }
}
