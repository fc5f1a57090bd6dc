package dev.seqlog.bench.replication;

import java.util.List;

/**
 * What the check of the replicas found. Immutable.
 *
 * @param nodes the nodes compared
 * @param records records read from each
 * @param ackedFound acknowledged keys found at their seq with their bytes
 * @param problemCount every problem found
 * @param problems the first problems, described
 */
record CheckResult(int nodes, long records, long ackedFound, long problemCount, List<String> problems) {
    /**
     * Copies the list so the record stays immutable.
     *
     * @param nodes the nodes compared
     * @param records records read from each
     * @param ackedFound acknowledged keys found at their seq with their bytes
     * @param problemCount every problem found
     * @param problems the first problems, described
     */
    CheckResult {
        problems = List.copyOf(problems);
    }

    /** @return whether nothing was wrong */
    boolean ok() {
        return problemCount == 0;
    }
}
