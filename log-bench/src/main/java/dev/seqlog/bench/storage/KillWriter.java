package dev.seqlog.bench.storage;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.storage.WalShard;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Child process of {@link TimeToReady}'s kill mode: with background checkpoints off, appends a base of
 * disk-class records (batches of 1000 x 100 B), runs one checkpoint, appends more records that no checkpoint
 * covers, flushes every WAL shard, prints {@code WRITTEN <head seq>}, and waits to be killed. Confined to its
 * main thread.
 */
public final class KillWriter {
    /** Prefix of the line that says every record is in the WAL. */
    static final String WRITTEN = "WRITTEN";
    private static final int BATCH = 1000;
    private static final int PAYLOAD_BYTES = 100;

    private KillWriter() {
    }

    /**
     * @param args data directory, base records (checkpointed), records after the checkpoint
     * @throws IOException if a WAL shard cannot be flushed
     * @throws InterruptedException when interrupted while waiting to be killed
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        long base = Long.parseLong(args[1]);
        long after = Long.parseLong(args[2]);
        SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().dataDir(dir).backgroundCheckpoints(false)
                .backgroundExpiry(false).build());
        StorageBench.configureDisk(engine);
        StorageBench.appendRecords(engine, base, BATCH, PAYLOAD_BYTES);
        Checkpointer.Stats cp = engine.checkpoint();
        System.out.printf("checkpoint %d after %,d records: %,d segment bytes written%n", cp.number, base,
                cp.bytesWritten);
        StorageBench.appendRecords(engine, after, BATCH, PAYLOAD_BYTES);
        for (WalShard s : engine.walShards()) {
            s.flush(); // a SIGKILL loses nothing the OS has: every record is now recoverable
        }
        System.out.println(WRITTEN + " " + engine.state(StorageBench.TOPIC).headSeq());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
