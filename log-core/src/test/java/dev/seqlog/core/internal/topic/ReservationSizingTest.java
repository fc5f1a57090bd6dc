package dev.seqlog.core.internal.topic;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.Internals;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import dev.seqlog.api.AppendResult;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.ForwardingFileSystem;
import dev.seqlog.core.spi.ForwardingStorageFile;
import dev.seqlog.core.spi.StorageFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seq reservations sized to the write rate (SEMANTICS §4.2). */
class ReservationSizingTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock).backgroundExpiry(false)
                .backgroundCheckpoints(false).build());
    }

    @Test
    void aSlowTopicReservesAboutASecondOfWritesSoACrashLosesFewSeqs(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("slow", TopicConfig.builder().durability(Durability.DISK).build());
            TopicLog t = Internals.topic(log, "slow");
            long maxAhead = 0;
            for (int i = 1; i <= 25_000; i++) { // 2,500 records a second for ten seconds of the engine clock
                log.append("slow", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
                if (i % 5 == 0) {
                    clock.advance(2);
                    flush(log); // at this rate a flush completes within a few records of real time
                }
                maxAhead = Math.max(maxAhead, TopicLogProbe.reservationAhead(t));
            }
            assertEquals(4096, TopicLogProbe.reservationBlock(t), "2,500 a second rounds up to 4,096");
            assertTrue(maxAhead <= 4096, "a crash would leave a restart range of at most " + maxAhead);
        }
    }

    private static void flush(SeqlogEngine log) {
        for (var shard : log.walShards()) {
            try {
                shard.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void aFastWriterThatWaitsForReservationsGrowsTheBlockUntilItNoLongerWaits(TestDir dir) {
        PacedWalSyncs syncs = new PacedWalSyncs();
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock)
                .fileSystem(syncs).backgroundExpiry(false).backgroundCheckpoints(false).build())) {
            log.configure("fast", TopicConfig.builder().durability(Durability.DISK).build());
            List<RecordInput> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add(RecordInput.json("{}"));
            }
            syncs.paced = true;
            TopicLog topic = Internals.topic(log, "fast");
            List<CompletableFuture<AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < 300; i++) { // the clock stands still: only waiting makes the block grow
                results.add(log.appendAsync("fast", AppendRequest.of(batch)));
                if (i % 5 == 4) {
                    syncs.completeOne(() -> TopicLogProbe.reservationDurable(topic)); // a flush lasts five appends
                }
            }
            syncs.paced = false;
            syncs.completeAll();
            int waitsAtTheStart = 0;
            int waitsAtTheEnd = 0;
            for (int i = 0; i < results.size(); i++) {
                boolean waited = results.get(i).join().fsyncNanos() > 0;
                waitsAtTheStart += i < 50 && waited ? 1 : 0;
                waitsAtTheEnd += i >= 250 && waited ? 1 : 0;
            }
            long block = TopicLogProbe.reservationBlock(Internals.topic(log, "fast"));
            assertTrue(block >= 16_384, "block " + block);
            assertTrue(waitsAtTheStart >= 3, "a 256-seq block cannot cover 1,000-record writes: " + waitsAtTheStart);
            assertEquals(0, waitsAtTheEnd, "writes that still waited for a reservation");
        }
    }

    /**
     * WAL flushes that complete only when the test says (while {@code paced}): a flush then lasts a fixed number
     * of appends, whatever the machine's disk and scheduler do. Other files pass through.
     */
    private static final class PacedWalSyncs extends ForwardingFileSystem {
        private final Semaphore gate = new Semaphore(0);
        private final AtomicLong completed = new AtomicLong();
        volatile boolean paced;

        PacedWalSyncs() {
            super(new JdkFileSystem());
        }

        @Override
        public StorageFile open(Path path, boolean create) throws IOException {
            StorageFile f = super.open(path, create);
            if (!path.getParent().getFileName().toString().equals("wal")) {
                return f;
            }
            return new ForwardingStorageFile(f) {
                @Override
                public void sync() throws IOException {
                    if (paced) {
                        gate.acquireUninterruptibly();
                    }
                    super.sync();
                    completed.incrementAndGet();
                }
            };
        }

        /**
         * Lets the next flush complete, and waits until writers see what it made durable. A disk topic's frames
         * are flushed within the WAL's flush interval, so a flush always comes to the gate; waiting for it (rather
         * than skipping when the writer thread is slow to arrive) keeps every flush exactly five appends long on a
         * loaded machine too. After the flush, the WAL writer publishes what it covered: the wait ends when the
         * topic's last reservation reads as durable, or when the writer is back at the gate (it published first),
         * because the flush did not cover that reservation.
         */
        void completeOne(java.util.function.BooleanSupplier reservationDurable) {
            await().atMost(Duration.ofSeconds(30)).until(gate::hasQueuedThreads);
            long before = completed.get();
            gate.release();
            await().atMost(Duration.ofSeconds(30)).until(() -> completed.get() > before);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> reservationDurable.getAsBoolean() || gate.hasQueuedThreads());
        }

        void completeAll() {
            gate.release(1 << 20);
        }
    }
}
