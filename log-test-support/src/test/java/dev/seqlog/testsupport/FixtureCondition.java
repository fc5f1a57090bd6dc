package dev.seqlog.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables {@link Fixture} classes only when the run sets {@link #PARAMETER}. Thread-safe (stateless). */
final class FixtureCondition implements ExecutionCondition {

    /** Configuration parameter that only the EngineTestKit runs in this module set. */
    static final String PARAMETER = "seqlog.testsupport.run-fixtures";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean run = context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false);
        return run
                ? ConditionEvaluationResult.enabled("run through EngineTestKit")
                : ConditionEvaluationResult.disabled("fixture: meant to fail, runs only through EngineTestKit");
    }
}
