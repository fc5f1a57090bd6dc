package dev.seqlog.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Proves how the extension is registered: auto-detection, {@link StrictTest}, or both at once. Confined. */
class RegistrationTest {

    @Test
    @ExpectErrorLogs
    void withoutAutodetectionOrAnnotationNothingIsChecked() {
        FixtureRunner.assertAllPassed(FixtureRunner.run(PlainLogsError.class, false, FixtureRunner.SHORT_GRACE_MILLIS), 1);
    }

    @Test
    @ExpectErrorLogs
    void strictTestAnnotationRegistersItWithoutAutodetection() {
        Throwable failure = FixtureRunner.singleFailure(
                FixtureRunner.run(AnnotatedLogsError.class, false, FixtureRunner.SHORT_GRACE_MILLIS));

        assertTrue(failure.getMessage().contains("1 ERROR log event(s)"), failure.getMessage());
    }

    @Test
    @ExpectErrorLogs
    void annotationAndAutodetectionTogetherCheckOnce() {
        Throwable failure = FixtureRunner.singleFailure(FixtureRunner.run(AnnotatedLogsError.class));

        assertTrue(failure.getMessage().contains("1 ERROR log event(s)"), failure.getMessage());
    }

    @Test
    void annotationAndAutodetectionTogetherResolveParameters() {
        FixtureRunner.assertAllPassed(FixtureRunner.run(AnnotatedTakesParameters.class), 1);
    }

    @Fixture
    static class PlainLogsError {
        @Test
        void logsError() {
            LoggerFactory.getLogger("fixture.plain").error("not checked without the extension");
        }
    }

    @Fixture
    @StrictTest
    static class AnnotatedLogsError {
        @Test
        void logsError() {
            LoggerFactory.getLogger("fixture.annotated").error("checked through @StrictTest");
        }
    }

    @Fixture
    @StrictTest
    static class AnnotatedTakesParameters {
        @Test
        void takesBoth(TestDir dir, LogCapture logs) {
            assertTrue(dir.path().isAbsolute());
            assertTrue(logs.errors().isEmpty());
        }
    }
}
