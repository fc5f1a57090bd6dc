package dev.seqlog.core;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for new records without polling (the mechanism behind long-poll, SEMANTICS §6.6). */
class AwaitHeadTest {

    @Test
    void completesWhenTheHeadPassesAndAtOnceIfAlreadyBeyond() throws Exception {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.defaults());
            CompletableFuture<Long> w = f.log.awaitHead("t", 0);
            assertFalse(w.isDone());
            f.append("t", "1", "2");
            assertEquals(2L, w.get(5, TimeUnit.SECONDS));
            assertTrue(f.log.awaitHead("t", 1).isDone());
        }
    }

    @Test
    void cancellingStopsWaitingAndTopicDeletionFailsWaiters() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.defaults());
            CompletableFuture<Long> cancelled = f.log.awaitHead("t", 0);
            cancelled.cancel(false);
            CompletableFuture<Long> w = f.log.awaitHead("t", 0);
            f.log.deleteTopic("t");
            ExecutionException e = assertThrows(ExecutionException.class, () -> w.get(5, TimeUnit.SECONDS));
            assertInstanceOf(SeqlogException.class, e.getCause());
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, ((SeqlogException) e.getCause()).code());
            assertEquals(ErrorCode.TOPIC_NOT_FOUND,
                    assertThrows(SeqlogException.class, () -> f.log.awaitHead("t", 0)).code());
        }
    }
}
