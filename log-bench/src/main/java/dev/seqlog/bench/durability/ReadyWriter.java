package dev.seqlog.bench.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of the time-to-ready benchmark: writes N disk-class records of 100 B in batches of 1000,
 * flushes, prints {@code WRITTEN}, and waits to be killed. Confined to its main thread.
 */
public final class ReadyWriter {
    private ReadyWriter() {
    }

    /**
     * @param args data directory and record count
     * @throws InterruptedException when killed politely
     */
    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[1]);
        SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(Path.of(args[0])).build());
        log.configure("r", TopicConfig.builder().durability(Durability.DISK).build());
        List<RecordInput> recs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            recs.add(RecordInput.json("\"" + "x".repeat(98) + "\""));
        }
        AppendRequest batch = AppendRequest.of(recs);
        for (int i = 0; i < n; i += 1000) {
            log.append("r", batch);
        }
        // a final fsync-class write flushes every disk-class frame before it on the shard
        log.configure("r", TopicConfig.builder().durability(Durability.FSYNC).build());
        System.out.println("WRITTEN");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
