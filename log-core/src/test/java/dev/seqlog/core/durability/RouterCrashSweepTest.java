package dev.seqlog.core.durability;

import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;

/**
 * The crash-point sweep for routers: runs {@link RouterCrashWorkload} on a simulated disk, crashes after mutating
 * file call n, loses the cache (nothing, everything, or a torn subset), recovers, lets the routers finish, and
 * checks that every destination holds exactly what it should of the source's records, in order, with no
 * duplicate.
 */
@ExpectErrorLogs // every simulated crash is first reported by the WAL writer as a storage failure
class RouterCrashSweepTest extends WorkloadSweep {
    @Override
    CrashPoints.Workload workload(ManualClock clock) {
        return new RouterCrashWorkload();
    }

    @Override
    String subject() {
        return "router";
    }
}
