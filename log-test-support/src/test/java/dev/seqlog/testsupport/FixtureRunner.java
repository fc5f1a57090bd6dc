package dev.seqlog.testsupport;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs {@link Fixture} classes in-process through EngineTestKit. Stateless; call from the test thread. */
final class FixtureRunner {

    /** Short, so tests of a leaked thread do not wait the default grace period. */
    static final String SHORT_GRACE_MILLIS = "200";

    private FixtureRunner() {
    }

    /** Runs {@code fixture} with the extension auto-detected, as in the modules that use it. */
    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, true, SHORT_GRACE_MILLIS);
    }

    /**
     * Runs {@code fixture} with only the configuration given here: the module's junit-platform.properties is
     * not read, so auto-detection is exactly what {@code autodetect} says.
     */
    static EngineExecutionResults run(Class<?> fixture, boolean autodetect, String threadGraceMillis) {
        return EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", String.valueOf(autodetect))
                .configurationParameter(FixtureCondition.PARAMETER, "true")
                .configurationParameter(StrictTestExtension.THREAD_GRACE_PARAMETER, threadGraceMillis)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** Asserts that exactly one test ran and it failed, and returns why. */
    static Throwable singleFailure(EngineExecutionResults results) {
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        return results.testEvents().failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    /** Asserts that all {@code count} tests ran and passed. */
    static void assertAllPassed(EngineExecutionResults results, long count) {
        results.testEvents().assertStatistics(stats -> stats.started(count).succeeded(count).failed(0).aborted(0));
    }
}
