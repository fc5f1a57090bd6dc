package dev.seqlog.replication;

import java.util.List;

/**
 * The result of a {@link Command.ClaimCohort}: one outcome per claim of the cohort, in its order, each a
 * {@link dev.seqlog.api.ClaimResult} or the refusal of that claim alone.
 *
 * @param outcomes the claims' outcomes
 */
record CohortOutcome(List<Outcome> outcomes) {
    CohortOutcome {
        outcomes = List.copyOf(outcomes);
    }
}
