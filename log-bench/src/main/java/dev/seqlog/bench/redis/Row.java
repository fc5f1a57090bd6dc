package dev.seqlog.bench.redis;

/**
 * One line of the result table. Immutable.
 *
 * @param label what was measured, with its unit and pairing
 * @param redis the Redis figure
 * @param seqlog the seqlog figure
 * @param higherIsBetter true for rates, false for latencies and costs; orients the ratio
 * @param verified whether every sample behind both figures verified its results
 */
record Row(String label, double redis, double seqlog, boolean higherIsBetter, boolean verified) {

    /** @return a ratio that is above 1 exactly when seqlog did better */
    double ratio() {
        return higherIsBetter ? seqlog / redis : redis / seqlog;
    }
}
