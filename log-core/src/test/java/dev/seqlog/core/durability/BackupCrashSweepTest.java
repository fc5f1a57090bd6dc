package dev.seqlog.core.durability;

import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;

/**
 * The crash-point sweep for checkpoints that run while a backup pins files: {@link BackupCrashWorkload} on a
 * simulated disk, crashed after every sampled (or, in the exhaustive profile, every) mutating file call.
 */
@ExpectErrorLogs // every simulated crash is first reported by the WAL writer as a storage failure
class BackupCrashSweepTest extends WorkloadSweep {
    @Override
    CrashPoints.Workload workload(ManualClock clock) {
        return new BackupCrashWorkload();
    }

    @Override
    String subject() {
        return "backup";
    }
}
