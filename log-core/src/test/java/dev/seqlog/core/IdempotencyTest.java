package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Write idempotency (SEMANTICS §10; invariant 31). */
class IdempotencyTest {

    private static AppendRequest keyed(String key, String... data) {
        AppendRequest.Builder b = AppendRequest.builder().idempotencyKey(key);
        for (String d : data) {
            b.add(RecordInput.json(d));
        }
        return b.build();
    }

    @Test
    void aRepeatedKeyWithinTheWindowReturnsTheOriginalSeqs() {
        try (Fixture f = new Fixture()) {
            AppendResult a = f.log.append("t", keyed("k", "1", "2"));
            f.append("t", "3");
            AppendResult b = f.log.append("t", keyed("k", "99"));
            assertTrue(b.deduped());
            assertEquals(a.firstSeq(), b.firstSeq());
            assertEquals(a.lastSeq(), b.lastSeq());
            assertEquals(3, b.headSeq());
            assertEquals(3, f.log.state("t").count());
        }
    }

    @Test
    void theKeyIsForgottenAfterTheWindowAndWhenDisabled() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().idempotencyWindowMs(1000).build());
            f.log.append("t", keyed("k", "1"));
            f.clock.advance(999);
            assertTrue(f.log.append("t", keyed("k", "1")).deduped());
            f.clock.advance(1);
            AppendResult again = f.log.append("t", keyed("k", "1"));
            assertFalse(again.deduped());
            assertEquals(2, again.firstSeq());
            f.log.configure("t", TopicConfig.builder().idempotencyWindowMs(0).build());
            assertFalse(f.log.append("t", keyed("k", "1")).deduped());
            assertFalse(f.log.append("t", keyed("k", "1")).deduped());
        }
    }

    @Test
    void aFailedWriteRemembersNothingAndRecreationForgets() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().capRecords(1)
                    .discard(dev.seqlog.api.Discard.REJECT).build());
            f.append("t", "1");
            try {
                f.log.append("t", keyed("k", "2"));
            } catch (dev.seqlog.api.SeqlogException expected) {
                // topic_full
            }
            f.log.configure("t", TopicConfig.defaults());
            assertFalse(f.log.append("t", keyed("k", "2")).deduped());
            f.log.deleteTopic("t");
            assertFalse(f.log.append("t", keyed("k", "2")).deduped());
        }
    }

    @Test
    void concurrentWritesWithOneKeyAppendOnce() throws Exception {
        try (Fixture f = new Fixture()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<AppendResult>> calls = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    calls.add(() -> f.log.append("t", keyed("same", "1", "2")));
                }
                int appended = 0;
                for (Future<AppendResult> r : pool.invokeAll(calls)) {
                    AppendResult a = r.get();
                    assertEquals(1, a.firstSeq());
                    appended += a.deduped() ? 0 : 1;
                }
                assertEquals(1, appended);
                assertEquals(2, f.log.state("t").headSeq());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
