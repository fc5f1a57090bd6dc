package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** appendAsync holds no caller thread while an fsync-class write waits for its flush. */
class AsyncAppendTest {

    @Test
    void twoHundredFsyncWritesWaitForOneFlushWithoutHoldingTheCaller(TestDir dir) {
        GatedFileSystem fs = new GatedFileSystem();
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).fileSystem(fs)
                .walShards(1).backgroundPreallocation(false).backgroundExpiry(false).build())) {
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            fs.gate.acquireUninterruptibly(Integer.MAX_VALUE); // flushes now wait
            List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 200; i++) {
                    pending.add(log.appendAsync("t", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}"))));
                }
                assertEquals(0, log.state("t").headSeq(), "reads answer while writes wait; none is visible");
            });
            assertFalse(pending.stream().anyMatch(CompletableFuture::isDone), "no write is acknowledged before its flush");
            fs.gate.release(Integer.MAX_VALUE);
            TreeSet<Long> seqs = new TreeSet<>();
            for (CompletableFuture<AppendResult> f : pending) {
                seqs.add(f.join().firstSeq());
            }
            assertEquals(200, seqs.size());
            assertEquals(1, seqs.first());
            assertEquals(200, seqs.last());
            assertEquals(200, log.state("t").headSeq());
        }
    }

    @Test
    void anFsyncDeleteWaitsForItsFlushWithoutHoldingTheCaller(TestDir dir) {
        GatedFileSystem fs = new GatedFileSystem();
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).fileSystem(fs)
                .walShards(1).backgroundPreallocation(false).backgroundExpiry(false).build())) {
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            for (int i = 0; i < 5; i++) {
                log.append("t", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
            }
            fs.gate.acquireUninterruptibly(Integer.MAX_VALUE); // flushes now wait
            CompletableFuture<DeleteResult> pending = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> log.deleteAsync("t", DeleteRequest.before(4)));
            assertFalse(pending.isDone(), "not acknowledged before its flush");
            assertEquals(2, log.state("t").count(), "the records are gone for readers at once");
            fs.gate.release(Integer.MAX_VALUE);
            assertEquals(3, pending.join().deleted());
        }
    }

    @Test
    void aTopicChangeWaitingForItsFlushHoldsUpNoOtherTopic(TestDir dir) {
        GatedFileSystem fs = new GatedFileSystem();
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).fileSystem(fs)
                .walShards(1).backgroundPreallocation(false).backgroundExpiry(false).build())) {
            fs.gate.acquireUninterruptibly(Integer.MAX_VALUE); // flushes now wait
            CompletableFuture<ConfigureResult> created = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> log.configureAsync("a", TopicConfig.builder().durability(Durability.FSYNC).build()));
            assertFalse(created.isDone(), "not acknowledged before its flush");
            // another topic is created by a write, and exists, while the first one's flush waits: the control
            // lock is not held across a flush
            CompletableFuture<AppendResult> write = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                CompletableFuture<AppendResult> w = log.appendAsync("b", AppendRequest.of(RecordInput.json("1")));
                assertEquals("b", log.state("b").topic());
                return w;
            });
            fs.gate.release(Integer.MAX_VALUE);
            assertTrue(created.join().created());
            assertEquals(1, write.join().firstSeq());
            assertTrue(log.deleteTopicAsync("b", DeleteIf.ALWAYS).join().deleted());
        }
    }

    /** Collects the records a watch delivers. */
    private static final class Collect implements java.util.concurrent.Flow.Subscriber<dev.seqlog.api.WatchEvent> {
        final List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(dev.seqlog.api.WatchEvent e) {
            if (e instanceof dev.seqlog.api.WatchEvent.Records r) {
                r.batch().records().forEach(rec -> seqs.add(rec.seq()));
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    }

    @Test
    void aStrongWatchDeliversDiskRecordsOnlyOnceTheyAreFlushed(TestDir dir) {
        GatedFileSystem fs = new GatedFileSystem();
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).fileSystem(fs)
                .walShards(1).backgroundPreallocation(false).backgroundExpiry(false).build())) {
            log.configure("t", TopicConfig.builder().durability(Durability.DISK).build());
            log.append("t", AppendRequest.of(RecordInput.json("{\"i\":0}"))); // its seq reservation is durable
            dev.seqlog.api.WatchRequest tail = dev.seqlog.api.WatchRequest.tail("t");
            Collect eventual = new Collect();
            Collect strong = new Collect();
            log.watch(tail).subscribe(eventual);
            log.watch(tail.withStrong(true)).subscribe(strong);
            fs.gate.acquireUninterruptibly(Integer.MAX_VALUE); // flushes now wait
            try {
                log.append("t", AppendRequest.of(RecordInput.json("{\"i\":1}")));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> eventual.seqs.equals(List.of(2L)));
                assertEquals(List.of(), strong.seqs, "a disk record is visible at once; a strong watch waits for its flush");
            } finally {
                fs.gate.release(Integer.MAX_VALUE);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> strong.seqs.equals(List.of(2L)));
        }
    }
}
