package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Many writers and readers on one topic: seqs are contiguous and gap-free, each batch gets one contiguous
 * range in request order, no reader ever sees part of a batch, and reads see seqs ascending with ts never
 * going backwards (SEMANTICS §4.1; invariants 1, 2, 5, 12).
 */
class ConcurrencyTest {
    private static final int WRITERS = 8;
    private static final int BATCHES_PER_WRITER = 300;

    @Test
    void concurrentBatchesGetContiguousAtomicSeqRanges() throws Exception {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().segmentMaxRecords(64)
                .backgroundExpiry(false).build())) {
            exercise(log, false);
        }
    }

    /**
     * The same on a durable engine while checkpoints run back to back: segments are captured, written,
     * and switched to mappings under the readers' feet; after a restart the content is the same.
     */
    @Test
    void concurrentBatchesStayAtomicWhileCheckpointsRun(TestDir dir) throws Exception {
        EngineOptions options = EngineOptions.builder().dataDir(dir.path()).segmentMaxRecords(64)
                .walFileBytes(1 << 20).backgroundExpiry(false).backgroundCheckpoints(false).build();
        List<TopicRecord> before;
        try (SeqlogEngine log = SeqlogEngine.open(options)) {
            exercise(log, true);
            before = everything(log);
        }
        try (SeqlogEngine log = SeqlogEngine.open(options)) {
            assertEquals(before, everything(log));
        }
    }

    private static List<TopicRecord> everything(SeqlogEngine log) {
        List<TopicRecord> out = new ArrayList<>();
        long cursor = 0;
        while (true) {
            DiffResult d = log.diff("t", DiffRequest.from(cursor).withLimit(1000));
            out.addAll(d.records());
            if (d.caughtUp()) {
                return out;
            }
            cursor = d.nextFromSeq();
        }
    }

    private static void exercise(SeqlogEngine log, boolean checkpoints) throws Exception {
        log.configure("t", TopicConfig.builder().durability(Durability.DISK).build());
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 3);
        ConcurrentLinkedQueue<AppendResult> results = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int b = 0; b < BATCHES_PER_WRITER; b++) {
                        int size = 1 + (b * 7 + writer) % 9;
                        List<RecordInput> recs = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            // data names the batch and the record's position in it
                            recs.add(RecordInput.json("[" + writer + "," + b + "," + i + "," + size + "]"));
                        }
                        results.add(log.append("t", AppendRequest.of(recs)));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    long cursor = 0;
                    long lastTs = Long.MIN_VALUE;
                    while (writing.get() || cursor < log.state("t").headSeq()) {
                        DiffResult d = log.diff("t", DiffRequest.from(cursor).withLimit(1000));
                        checkWholeBatches(d, cursor);
                        for (TopicRecord rec : d.records()) {
                            assertTrue(rec.ts() >= lastTs, "ts went backwards at seq " + rec.seq());
                            lastTs = rec.ts();
                        }
                        cursor = d.nextFromSeq();
                    }
                    return null;
                }));
            }
            Future<?> checkpointing = pool.submit(() -> {
                start.await();
                while (checkpoints && writing.get()) {
                    log.checkpoint();
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            checkpointing.get(60, TimeUnit.SECONDS);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }

        long total = 0;
        boolean[] seen = new boolean[(int) log.state("t").headSeq() + 1];
        for (AppendResult r : results) {
            assertEquals(r.count(), r.lastSeq() - r.firstSeq() + 1);
            for (long s = r.firstSeq(); s <= r.lastSeq(); s++) {
                if (seen[(int) s]) {
                    fail("seq " + s + " assigned twice");
                }
                seen[(int) s] = true;
            }
            total += r.count();
        }
        assertEquals(total, log.state("t").headSeq());
        for (int s = 1; s < seen.length; s++) {
            assertTrue(seen[s], "gap at seq " + s);
        }
        // every batch's records sit at its seqs, in request order
        DiffResult all = log.diff("t", DiffRequest.from(0).withLimit(1000));
        long cursor = 0;
        while (true) {
            checkWholeBatches(all, cursor);
            if (all.caughtUp()) {
                break;
            }
            cursor = all.nextFromSeq();
            all = log.diff("t", DiffRequest.from(cursor).withLimit(1000));
        }
    }

    /** A read's records are consecutive positions of their batches; a batch cut by the limit continues next read. */
    private static void checkWholeBatches(DiffResult d, long cursor) {
        List<TopicRecord> recs = d.records();
        for (int k = 0; k < recs.size(); k++) {
            TopicRecord rec = recs.get(k);
            assertEquals(cursor + k + 1, rec.seq(), "records must be gap-free and ascending");
            int[] v = parse(rec);
            if (k > 0 && v[2] > 0) {
                int[] prev = parse(recs.get(k - 1));
                assertEquals(v[0], prev[0], "batch interleaved at seq " + rec.seq());
                assertEquals(v[1], prev[1], "batch interleaved at seq " + rec.seq());
                assertEquals(v[2] - 1, prev[2], "batch out of order at seq " + rec.seq());
            }
            boolean lastInRead = k == recs.size() - 1;
            boolean readHitLimit = recs.size() == 1000;
            if (lastInRead && !readHitLimit) {
                assertEquals(v[3] - 1, v[2], "a reader saw part of a batch at seq " + rec.seq());
            }
        }
    }

    private static int[] parse(TopicRecord r) {
        String s = new String(r.data(), StandardCharsets.UTF_8);
        String[] parts = s.substring(1, s.length() - 1).split(",");
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            v[i] = Integer.parseInt(parts[i]);
        }
        return v;
    }
}
