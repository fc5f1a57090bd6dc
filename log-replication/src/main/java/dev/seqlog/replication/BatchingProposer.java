package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;

/**
 * Turns writers' commands into Raft entries, many to an entry: a Raft entry costs a round trip and a majority's
 * fsync, so commands that queue while an entry is in flight travel together in the next one. One entry is in
 * flight at a time ({@link #MAX_IN_FLIGHT}); each takes what has queued, up to {@value #MAX_ENTRY_BYTES} bytes
 * or {@value #MAX_ENTRY_COMMANDS} commands, stamped with this node's clock (the state machine keeps the log's time
 * from going backwards). Each reply carries one result per command, handed back to that command's caller once this
 * node has applied the entry itself, so the caller then reads its own write here.
 *
 * <p>A proposal the Raft group did not accept fails its commands with {@code not_ready} (reason
 * {@code no_leader}): the outcome is unknown then, and a retry with the same idempotency key is safe.
 *
 * <p>Thread-safe. Entries are sent in the order their commands were submitted; the Raft client keeps that order.
 */
final class BatchingProposer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingProposer.class);

    /**
     * Entries sent and not yet answered, at most. A Raft entry costs about the same whatever it carries (on the
     * two-core development machine each costs more CPU across the three servers than the commands in it), so one
     * full entry beats two half-full ones (docs/BENCHMARKS.md §18). One at a time also keeps the order when
     * {@link LeaderSubmission} sends an entry again.
     */
    static final int MAX_IN_FLIGHT = 1;
    /** Bytes of commands gathered into one entry (a single larger command travels alone). */
    static final int MAX_ENTRY_BYTES = 1 << 20;
    /** Commands gathered into one entry. */
    static final int MAX_ENTRY_COMMANDS = 4096;
    /**
     * The largest single command: Ratis refuses an entry over its appender buffer limit (4 MiB, see
     * {@link RaftSettings}); the rest is room for the entry header and Ratis's own envelope.
     */
    static final int MAX_COMMAND_BYTES = (4 << 20) - (64 << 10);

    /**
     * Longest wait, after an entry is committed, for this node to apply it before its callers are answered anyway.
     * A node that cannot keep up would otherwise hold its callers until it closes; past the bound the writes, which
     * are committed, are answered with their results, and a read on this node may not see them yet.
     */
    static final long APPLY_WAIT_MILLIS = 10_000;

    /** Runs a task after a delay (the node's timer). */
    @FunctionalInterface
    interface Timer {
        /** @return cancels the task if it has not run (and frees it at once) */
        Runnable schedule(Runnable task, long delayMillis);
    }

    /** The Raft group as the proposer sees it: one entry in, its log index and reply out. */
    @FunctionalInterface
    interface Transport {
        CompletableFuture<Committed> send(byte[] entry);
    }

    /** A committed entry: where it is in the log, and the reply of the state machine that applied it. */
    record Committed(long logIndex, byte[] reply) {
    }

    private record Pending(byte[] command, CompletableFuture<Object> result) {
    }

    private final Transport transport;
    private final InstantSource clock;
    private final LongFunction<CompletableFuture<Void>> appliedLocally;
    private final Executor completer;
    private final Timer timer;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean closed;

    /**
     * @param transport sends entries to the Raft group
     * @param clock the time stamped into each entry
     * @param appliedLocally a future completed once this node has applied the given log index
     * @param completer runs reply handling and completes callers' futures
     * @param timer bounds the wait for this node to apply a committed entry ({@link #APPLY_WAIT_MILLIS})
     */
    BatchingProposer(Transport transport, InstantSource clock, LongFunction<CompletableFuture<Void>> appliedLocally,
                     Executor completer, Timer timer) {
        this.transport = transport;
        this.clock = clock;
        this.appliedLocally = appliedLocally;
        this.completer = completer;
        this.timer = timer;
    }

    /**
     * Queues a command for the next entry.
     *
     * @return the engine's result for it (its success value, or its refusal as a {@link SeqlogException})
     */
    CompletableFuture<Object> submit(Command command) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        byte[] bytes = CommandCodec.command(command);
        if (bytes.length > MAX_COMMAND_BYTES) {
            result.completeExceptionally(new SeqlogException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "a replicated write is limited to " + MAX_COMMAND_BYTES + " bytes encoded; split it")
                    .with("limit", MAX_COMMAND_BYTES).with("size", bytes.length));
            return result;
        }
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(closedError());
                return result;
            }
            queue.add(new Pending(bytes, result));
            drainLocked();
        }
        return result;
    }

    /** @return commands waiting for an entry */
    synchronized int queued() {
        return queue.size();
    }

    /** @return entries sent and not yet answered */
    synchronized int inFlight() {
        return inFlight;
    }

    /** Sends entries while fewer than {@link #MAX_IN_FLIGHT} are in flight; under the lock, so order is kept. */
    private void drainLocked() {
        while (!closed && inFlight < MAX_IN_FLIGHT && !queue.isEmpty()) {
            List<Pending> batch = new ArrayList<>();
            List<byte[]> commands = new ArrayList<>();
            long bytes = 0;
            while (!queue.isEmpty() && batch.size() < MAX_ENTRY_COMMANDS
                    && (batch.isEmpty() || bytes + queue.peek().command().length <= MAX_ENTRY_BYTES)) {
                Pending p = queue.poll();
                batch.add(p);
                commands.add(p.command());
                bytes += p.command().length;
            }
            inFlight++;
            CompletableFuture<Committed> sent;
            try {
                sent = transport.send(CommandCodec.entry(clock.millis(), commands));
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenCompleteAsync((committed, failure) -> answered(batch, committed, failure), completer);
        }
    }

    private void answered(List<Pending> batch, Committed committed, Throwable failure) {
        synchronized (this) {
            inFlight--;
            drainLocked();
            notifyAll(); // close() may wait for the last entry in flight
        }
        if (failure != null) {
            SeqlogException e = isClosed() ? closedError() : notCommitted();
            LOG.debug("a proposal of {} command(s) failed: {}", batch.size(), failure.toString());
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = ResultCodec.decode(committed.reply());
            if (outcomes.size() != batch.size()) {
                throw new MalformedEntryException(outcomes.size() + " results for " + batch.size() + " commands");
            }
        } catch (MalformedEntryException e) {
            LOG.error("the reply to entry {} is unreadable", committed.logIndex(), e);
            SeqlogException internal = new SeqlogException(ErrorCode.INTERNAL,
                    "the write was committed but its reply is unreadable: " + e.getMessage())
                    .with("log_index", committed.logIndex());
            batch.forEach(p -> p.result().completeExceptionally(internal));
            return;
        }
        appliedOrBound(committed.logIndex()).whenCompleteAsync((ok, notApplied) -> {
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<Object> f = batch.get(i).result();
                Outcome o = outcomes.get(i);
                if (notApplied != null) {
                    f.completeExceptionally(notApplied);
                } else if (o.isError()) {
                    f.completeExceptionally(ResultCodec.copy(o.error()));
                } else {
                    f.complete(o.value());
                }
            }
        }, completer);
    }

    /** @return completed once this node has applied {@code logIndex}, or {@link #APPLY_WAIT_MILLIS} later */
    private CompletableFuture<Void> appliedOrBound(long logIndex) {
        CompletableFuture<Void> applied = appliedLocally.apply(logIndex);
        if (applied.isDone()) {
            return applied;
        }
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        Runnable cancel = timer.schedule(() -> {
            if (bounded.complete(null)) {
                LOG.warn("entry {} was committed {} ms ago and this node has not applied it yet; its writes are "
                        + "answered now, and a read on this node may not see them yet", logIndex, APPLY_WAIT_MILLIS);
            }
        }, APPLY_WAIT_MILLIS);
        applied.whenComplete((ok, failure) -> {
            cancel.run(); // applied in time: the bound's task need not wait out its 10 s in the timer
            if (failure != null) {
                bounded.completeExceptionally(failure);
            } else {
                bounded.complete(null);
            }
        });
        return bounded;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Closes with up to 5 s for the entries in flight: see {@link #close(long)}. */
    @Override
    public void close() {
        close(5_000);
    }

    /**
     * Fails every queued command and waits up to {@code drainMillis} for the entries in flight to be answered, so
     * the transport is not closed under them (their outcome would be unknown, and Ratis's client logs each
     * request it abandons as an error).
     *
     * @param drainMillis longest wait for entries in flight
     */
    void close(long drainMillis) {
        List<Pending> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
        }
        left.forEach(p -> p.result().completeExceptionally(closedError()));
        long deadline = System.nanoTime() + drainMillis * 1_000_000L;
        synchronized (this) {
            long remaining;
            while (inFlight > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, remaining / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (inFlight > 0) {
                LOG.warn("closing with {} entr(ies) still in flight after {} ms; their outcome is unknown", inFlight,
                        drainMillis);
            }
        }
    }

    static SeqlogException notCommitted() {
        return new SeqlogException(ErrorCode.NOT_READY, "no Raft leader accepted the write in time: it may or may not "
                + "have been committed; retry it with the same idempotency key").with("reason", "no_leader");
    }

    private static SeqlogException closedError() {
        return new SeqlogException(ErrorCode.SHUTTING_DOWN, "the replicated node is closing")
                .with("reason", "node_closed");
    }
}
