package dev.seqlog.core.durability;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.DirectoryObjectStore;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.testsupport.ExpectErrorLogs;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash-point sweep over the object-store tier: the workload, oracle and checks of
 * {@link CrashPointSweepTest}, with sealed segments tiered to a {@link DirectoryObjectStore} on the same
 * simulated disk (and a cache of one byte, so reads fetch and evict), so power is cut at every step of an
 * upload, its verification, the snapshot recording it, the reclaim of the hot copy, the collection of
 * unreferenced objects and the cache's fetches.
 */
@ExpectErrorLogs // every simulated crash is first reported by the WAL writer as a storage failure
class ObjectTierCrashSweepTest extends CrashPointSweepTest {
    private static final Path OBJECTS = Path.of("objects");

    private static DirectoryObjectStore store(SimulatedFileSystem fs) {
        try {
            return new DirectoryObjectStore(fs, OBJECTS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    EngineOptions.Builder tier(EngineOptions.Builder options, SimulatedFileSystem fs) {
        return options.objectStore(store(fs)).coldCacheBytes(1);
    }

    @Override
    SimulatedFileSystem disk() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        store(fs); // creates the store's directory: one mutating call, before any crash point
        return fs;
    }

    @Override
    String subject() {
        return "object-tier ";
    }

    @Override
    void checkCoverage(SeqlogEngine log) {
        assertTrue(log.tierStats().uploads() > 0, "the workload tiers segments");
        assertTrue(log.tierStats().fetches() > 0, "and reads them back through the cache");
    }
}
