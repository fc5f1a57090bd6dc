package dev.seqlog.core.recovery;

import dev.seqlog.core.engine.TopicLog;
import dev.seqlog.core.engine.WalReplay;
import dev.seqlog.core.storage.WalDirectory;
import dev.seqlog.core.storage.WalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * Rebuilds engine state from the WAL: every file of every shard, whatever the current shard count, in
 * order of boot, shard and generation, so each topic's frames apply in commit order.
 *
 * <p>Not thread-safe: one recovery runs on one thread.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What recovery found. */
    public static final class Result {
        /** Recovered topics by name. */
        public final Map<String, TopicLog> topics;
        /** Highest topic id ever used. */
        public final long maxTopicId;
        /** Highest boot number found. */
        public final long maxBoot;

        Result(Map<String, TopicLog> topics, long maxTopicId, long maxBoot) {
            this.topics = topics;
            this.maxTopicId = maxTopicId;
            this.maxBoot = maxBoot;
        }
    }

    private Recovery() {
    }

    /**
     * Runs recovery.
     *
     * @param wal the WAL directory
     * @param files its files in replay order, from {@link WalDirectory#list()}
     * @param factory builds topic instances
     * @param progress receives values rising from 0.0 to 1.0
     * @return the recovered state
     * @throws IOException on I/O failure, corruption or an unsupported format
     */
    public static Result run(WalDirectory wal, List<WalDirectory.Entry> files, WalReplay.Factory factory,
                             DoubleConsumer progress) throws IOException {
        long started = System.nanoTime();
        WalReplay replay = new WalReplay(factory);
        WalReader reader = new WalReader(wal.fs());
        long maxBoot = 0;
        int done = 0;
        progress.accept(0.0);
        for (WalDirectory.Entry e : files) {
            maxBoot = Math.max(maxBoot, e.header.boot());
            reader.read(e, replay::apply);
            progress.accept((double) ++done / (files.size() + 1));
        }
        Map<String, TopicLog> topics = replay.finish();
        progress.accept(1.0);
        LOG.info("recovered {} topics from {} WAL files in {} ms", topics.size(), files.size(),
                (System.nanoTime() - started) / 1_000_000);
        return new Result(topics, replay.maxId(), maxBoot);
    }
}
