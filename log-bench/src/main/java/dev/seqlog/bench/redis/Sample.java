package dev.seqlog.bench.redis;

import dev.seqlog.bench.load.WorkloadResult;

/**
 * One measurement on one freshly started server. Immutable.
 *
 * @param result the workload's figures and verdict
 * @param cpuSeconds user + system CPU the server process spent during the measured phase
 * @param records records written (W1, W2 including warm-up, W4) or read (W3) in that phase
 */
record Sample(WorkloadResult result, double cpuSeconds, long records) {
}
