package dev.seqlog.core.durability;

import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;

/**
 * The crash-point sweep for queues: runs {@link QueueCrashWorkload} on a simulated disk, crashes after mutating
 * file call n, loses the cache (nothing, everything, or a torn subset), recovers, and checks that acknowledged
 * acks stay, no job is lost, durable leases come back as the last acknowledged call left them (or as the call
 * under way at the crash would have), and non-durable leases are all gone.
 */
@ExpectErrorLogs // every simulated crash is first reported by the WAL writer as a storage failure
class QueueCrashSweepTest extends WorkloadSweep {
    @Override
    CrashPoints.Workload workload(ManualClock clock) {
        return new QueueCrashWorkload(clock);
    }

    @Override
    String subject() {
        return "queue";
    }
}
