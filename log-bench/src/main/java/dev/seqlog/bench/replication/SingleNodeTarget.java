package dev.seqlog.bench.replication;

import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.bench.ScratchDir;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The anchor: one engine with a data directory (its own WAL, default options), the topic in the {@code fsync}
 * class, so an append is acknowledged once fsynced on this one disk. Thread-safe.
 */
final class SingleNodeTarget implements AppendTarget {
    private final ScratchDir dir;
    private final SeqlogEngine engine;

    private SingleNodeTarget(ScratchDir dir, SeqlogEngine engine) {
        this.dir = dir;
        this.engine = engine;
    }

    /**
     * @param parent where its data directory is made
     * @return the engine, its topic configured
     * @throws IOException if the directory cannot be made
     */
    static SingleNodeTarget open(Path parent) throws IOException {
        ScratchDir dir = ScratchDir.create(parent, "repl-bench-single-");
        SeqlogEngine engine = null;
        try {
            engine = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).build());
            engine.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            return new SingleNodeTarget(dir, engine);
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            dir.close();
            throw e;
        }
    }

    @Override
    public String label() {
        return "single-node";
    }

    @Override
    public EventLog writerFor(int producer) {
        return engine;
    }

    @Override
    public String note() {
        return "";
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            dir.close();
        }
    }
}
