package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proposer against a Raft group it controls: commands queue while the most entries are in flight and then travel
 * together, in submission order, within the entry size; replies fan out per command once applied here; a failed
 * entry fails its commands with not_ready, never with the library's error.
 */
class BatchingProposerTest {
    private final ManualClock clock = new ManualClock(1_000);
    private final List<byte[]> sent = new ArrayList<>();
    private final List<CompletableFuture<BatchingProposer.Committed>> replies = new ArrayList<>();
    private final List<CompletableFuture<Void>> applied = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final List<Long> timerDelays = new ArrayList<>();
    private final List<Runnable> cancelled = new ArrayList<>();
    private final BatchingProposer proposer = new BatchingProposer(entry -> {
        sent.add(entry);
        CompletableFuture<BatchingProposer.Committed> f = new CompletableFuture<>();
        replies.add(f);
        return f;
    }, clock, index -> {
        CompletableFuture<Void> f = new CompletableFuture<>();
        applied.add(f);
        return f;
    }, Runnable::run, (task, delay) -> {
        timers.add(task);
        timerDelays.add(delay);
        return () -> cancelled.add(task);
    });

    private static Command append(String topic, String data) {
        return new Command.Append(topic, AppendRequest.of(RecordInput.json(data)), null);
    }

    private static AppendResult result(String topic, long seq) {
        return new AppendResult(topic, seq, seq, seq, 1, false, false, 0, 0);
    }

    private void answer(int entry, long logIndex, Outcome... outcomes) {
        replies.get(entry).complete(new BatchingProposer.Committed(logIndex, ResultCodec.encode(List.of(outcomes))));
    }

    @Test
    void commandsQueuedWhileEntriesAreInFlightTravelTogetherInOrder() {
        int n = BatchingProposer.MAX_IN_FLIGHT;
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(proposer.submit(append("t", "" + i)));
        }
        assertEquals(n, sent.size(), "each of the first " + n + " goes at once");
        clock.set(2_000);
        for (int i = n; i < n + 10; i++) {
            results.add(proposer.submit(append("t", "" + i)));
        }
        assertEquals(n, sent.size());
        assertEquals(10, proposer.queued());

        answer(0, 7, Outcome.ok(result("t", 1)));
        assertEquals(n + 1, sent.size(), "an answer makes room for the next entry");
        CommandCodec.Entry batch = CommandCodec.decode(sent.get(n));
        assertEquals(2_000, batch.leaderTimeMs(), "stamped with the proposer's clock when sent");
        assertEquals(10, batch.commands().size());
        for (int i = 0; i < 10; i++) {
            Command.Append a = (Command.Append) batch.commands().get(i);
            assertEquals("" + (i + n), new String(a.request().records().get(0).dataArray(),
                    a.request().records().get(0).dataOffset(), a.request().records().get(0).dataLength(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        assertFalse(results.get(0).isDone(), "not before this node applied the entry");
        applied.get(0).complete(null);
        assertEquals(result("t", 1), results.get(0).join());
    }

    @Test
    void aReplyFansOutValuesAndRefusalsPerCommand() {
        int n = BatchingProposer.MAX_IN_FLIGHT;
        for (int i = 0; i < n; i++) {
            proposer.submit(append("t", "0"));
        }
        CompletableFuture<Object> a = proposer.submit(append("t", "1"));
        CompletableFuture<Object> b = proposer.submit(new Command.DeleteTopic("u", DeleteIf.EMPTY));
        CompletableFuture<Object> c = proposer.submit(Command.TICK);
        answer(0, 3, Outcome.ok(result("t", 1)));
        applied.get(0).complete(null);
        answer(n, 9, Outcome.ok(result("t", 2)), Outcome.failed(new SeqlogException(ErrorCode.TOPIC_NOT_EMPTY,
                "topic \"u\" has live records").with("topic", "u")), Outcome.ok(null));
        applied.get(1).complete(null);
        assertEquals(result("t", 2), a.join());
        SeqlogException e = assertInstanceOf(SeqlogException.class,
                assertThrows(CompletionException.class, b::join).getCause());
        assertEquals(ErrorCode.TOPIC_NOT_EMPTY, e.code());
        assertEquals("u", e.detail().get("topic"));
        assertEquals(null, c.join());
    }

    @Test
    void aCommittedEntryIsAnsweredAfterTheBoundIfThisNodeHasNotAppliedIt() {
        CompletableFuture<Object> slow = proposer.submit(append("t", "1"));
        answer(0, 5, Outcome.ok(result("t", 1)));
        assertFalse(slow.isDone(), "waits for this node to apply the entry");
        assertEquals(List.of(BatchingProposer.APPLY_WAIT_MILLIS), timerDelays);
        timers.get(0).run(); // the bound passes before the node applies it
        assertEquals(result("t", 1), slow.join());
        applied.get(0).complete(null); // applying it later changes nothing

        CompletableFuture<Object> quick = proposer.submit(append("t", "2"));
        answer(1, 6, Outcome.ok(result("t", 2)));
        applied.get(1).complete(null);
        assertEquals(result("t", 2), quick.join(), "applied in time: answered then");
        assertEquals(List.of(timers.get(0), timers.get(1)), cancelled, "each bound is cancelled once applied");
        timers.get(1).run(); // the bound passing afterwards changes nothing
        assertEquals(result("t", 2), quick.join());
    }

    @Test
    void anEntryTheGroupDidNotTakeFailsItsCommandsWithNotReady() {
        CompletableFuture<Object> f = proposer.submit(append("t", "1"));
        replies.get(0).completeExceptionally(new IOException("org.apache.ratis internal wording"));
        SeqlogException e = assertInstanceOf(SeqlogException.class,
                assertThrows(CompletionException.class, f::join).getCause());
        assertEquals(ErrorCode.NOT_READY, e.code());
        assertEquals("no_leader", e.detail().get("reason"));
        assertFalse(e.getMessage().contains("ratis"), e.getMessage());
        assertEquals(0, proposer.inFlight());
    }

    @Test
    void entriesStayWithinTheirSizeAndAnOversizedCommandIsRefused() {
        for (int i = 0; i < BatchingProposer.MAX_IN_FLIGHT; i++) {
            proposer.submit(append("t", "0"));
        }
        String big = "\"" + "x".repeat(300_000) + "\"";
        for (int i = 0; i < 5; i++) {
            proposer.submit(append("t", big));
        }
        answer(0, 1, Outcome.ok(result("t", 1)));
        byte[] next = sent.get(BatchingProposer.MAX_IN_FLIGHT);
        assertEquals(3, CommandCodec.decode(next).commands().size(), "three 300 KB commands fit 1 MiB");
        assertTrue(next.length <= BatchingProposer.MAX_ENTRY_BYTES + CommandCodec.HEADER_BYTES);

        CompletableFuture<Object> huge = proposer.submit(append("t", "\"" + "y".repeat(5 << 20) + "\""));
        SeqlogException e = assertInstanceOf(SeqlogException.class,
                assertThrows(CompletionException.class, huge::join).getCause());
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertEquals(BatchingProposer.MAX_COMMAND_BYTES, e.detail().get("limit"));
    }

    @Test
    void closingFailsWhatIsQueued() {
        for (int i = 0; i < BatchingProposer.MAX_IN_FLIGHT; i++) {
            proposer.submit(append("t", "0"));
        }
        CompletableFuture<Object> queued = proposer.submit(append("t", "1"));
        proposer.close(0);
        SeqlogException e = assertInstanceOf(SeqlogException.class,
                assertThrows(CompletionException.class, queued::join).getCause());
        assertEquals(ErrorCode.SHUTTING_DOWN, e.code());
        SeqlogException after = assertInstanceOf(SeqlogException.class, assertThrows(CompletionException.class,
                () -> proposer.submit(append("t", "2")).join()).getCause());
        assertEquals(ErrorCode.SHUTTING_DOWN, after.code());
    }
}
