package dev.seqlog.junit;

import dev.seqlog.api.EventLog;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.SimulatedCrashException;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * One life of the emulated seqlog between two crashes: a simulated disk, the engine recovered from it and, in
 * server mode, the HTTP server in front of the engine. The engine is the production engine with its write-ahead
 * log, checkpoints and recovery; only the disk is simulated, so a crash loses exactly what the real engine would
 * lose. Not thread-safe: the emulator serializes its controls.
 */
final class EmulatorNode implements AutoCloseable {
    /** Where the data directory lives on the simulated disk (a key, never a real path). */
    static final Path DATA = Path.of("seqlog-emulator", "data");
    /** WAL files are preallocated: small ones keep an emulator's memory small. */
    private static final long WAL_FILE_BYTES = 4L << 20;

    private final SimulatedFileSystem disk;
    private final SeqlogEngine engine;
    private final SeqlogServer server;

    private EmulatorNode(SimulatedFileSystem disk, SeqlogEngine engine, SeqlogServer server) {
        this.disk = disk;
        this.engine = engine;
        this.server = server;
    }

    /**
     * Opens an engine on {@code disk} (recovering what it holds) and, when {@code serverConfig} is given, a
     * server in front of it.
     */
    static EmulatorNode start(SimulatedFileSystem disk, InstantSource clock, ServerConfig serverConfig) {
        try {
            disk.createDirectories(DATA);
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator's simulated disk refused a directory", e);
        }
        SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder()
                .dataDir(DATA)
                .fileSystem(disk)
                .clock(clock)
                .walShards(1)
                .walFileBytes(WAL_FILE_BYTES)
                .checkpointWalBytes(WAL_FILE_BYTES)
                .backgroundPreallocation(false)
                .build());
        if (serverConfig == null) {
            return new EmulatorNode(disk, engine, null);
        }
        try {
            return new EmulatorNode(disk, engine, SeqlogServer.start(serverConfig, engine));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    EventLog engine() {
        return engine;
    }

    /** The server's port, or -1 in embedded mode. */
    int port() {
        return server == null ? -1 : server.port();
    }

    /**
     * Crashes this node and returns the disk that survives: from this moment no write of the engine reaches the
     * disk, then the engine and server are torn down without their orderly shutdown (nothing more is flushed).
     */
    SimulatedFileSystem crash(Crash kind) {
        disk.crashAfter(disk.mutatingCalls());
        if (server != null) {
            server.close();
        }
        try {
            engine.close();
        } catch (SimulatedCrashException | RuntimeException expected) {
            // the engine found its disk dead while closing, as a killed process never gets to close at all
        }
        return kind == Crash.PROCESS ? disk.processCrash() : disk.powerLoss(TearMode.NONE, 0);
    }

    /** Shuts down in order: the server drains, the engine flushes and checkpoints. The disk stays usable. */
    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            engine.close();
        }
    }

    /** The disk, for a clean restart after {@link #close()}. */
    SimulatedFileSystem disk() {
        return disk;
    }
}
