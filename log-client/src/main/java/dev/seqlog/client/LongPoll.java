package dev.seqlog.client;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordSink;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Long-poll reads (API §4.4): {@code diff} calls with {@code wait_ms}. The server holds a call until something
 * is deliverable or the wait ends, at most 30 s per call, so a longer wait, and {@code awaitHead}, are chains of
 * calls. Cancelling the returned future aborts the call in flight, which closes its connection. Stateless.
 */
final class LongPoll {
    /** The longest wait the server holds one call for (API §4). */
    static final long MAX_WAIT_MS = 30_000;

    private LongPoll() {
    }

    /**
     * Reads after {@code request.fromSeq()}, waiting up to {@code waitMs} for something to deliver. The wait is
     * the server's (it follows the server's clock); a wait beyond 30 s is cut into calls, timed here.
     *
     * @param sink receives the records of the read that answers, on {@code executor}
     * @return the read that answered
     */
    static CompletableFuture<DiffResult> diff(Transport transport, String topic, DiffRequest request, long waitMs,
                                              RecordSink sink, Executor executor) {
        CompletableFuture<DiffResult> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
        long deadline = System.nanoTime() + Duration.ofMillis(Math.max(0, waitMs)).toNanos();
        poll(transport, topic, request, Math.max(0, waitMs), deadline, 0, sink, executor, result, current);
        abortOnCancel(result, current);
        return result;
    }

    private static void poll(Transport transport, String topic, DiffRequest request, long waitMs, long deadline,
                             long scannedBefore, RecordSink sink, Executor executor, CompletableFuture<DiffResult> result,
                             AtomicReference<CompletableFuture<?>> current) {
        long wait = Math.min(waitMs, MAX_WAIT_MS);
        CompletableFuture<Transport.Response> call = send(transport, topic, request, wait, result, current);
        if (call == null) {
            return;
        }
        call.whenCompleteAsync((resp, err) -> {
            if (!usable(err, topic, result)) {
                return;
            }
            try {
                DiffResult r = Diffs.read(resp.body(), sink);
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                long scanned = scannedBefore + r.recordsScanned();
                if (r.delivered() == 0 && r.tombstone() == null && r.caughtUp() && waitMs > wait && left > 0) {
                    // nothing yet, and the caller's wait goes on beyond what one call may hold
                    poll(transport, topic, request.withFromSeq(r.nextFromSeq()), left, deadline, scanned, sink,
                            executor, result, current);
                    return;
                }
                result.complete(new DiffResult(List.of(), r.delivered(), r.nextFromSeq(), r.headSeq(), r.earliestSeq(),
                        r.tombstone(), scanned));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, executor);
    }

    /**
     * Completes with the topic's head once it exceeds {@code afterSeq}: long-polls from {@code afterSeq} (or from
     * the head, while the head is below it) until the answer's head is beyond.
     *
     * @return the head
     */
    static CompletableFuture<Long> head(Transport transport, String topic, long afterSeq) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
        headPoll(transport, topic, afterSeq, afterSeq, result, current);
        abortOnCancel(result, current);
        return result;
    }

    private static void headPoll(Transport transport, String topic, long afterSeq, long from,
                                 CompletableFuture<Long> result, AtomicReference<CompletableFuture<?>> current) {
        // one record at most, without meta: the answer's head is all that is wanted
        DiffRequest probe = new DiffRequest(from, 1, Set.of(), false, false, 1);
        CompletableFuture<Transport.Response> call = send(transport, topic, probe, MAX_WAIT_MS, result, current);
        if (call == null) {
            return;
        }
        call.whenComplete((resp, err) -> {
            if (!usable(err, topic, result)) {
                return;
            }
            try {
                DiffResult r = Diffs.read(resp.body(), v -> { });
                if (r.headSeq() > afterSeq) {
                    result.complete(r.headSeq());
                } else {
                    headPoll(transport, topic, afterSeq, Math.min(afterSeq, r.headSeq()), result, current);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /**
     * Sends one diff that may wait {@code wait} ms, recorded as {@code current} so that cancelling {@code result}
     * aborts it.
     *
     * @return the call, or null if {@code result} was cancelled meanwhile (the call is then aborted)
     */
    private static CompletableFuture<Transport.Response> send(Transport transport, String topic, DiffRequest request,
                                                              long wait, CompletableFuture<?> result,
                                                              AtomicReference<CompletableFuture<?>> current) {
        CompletableFuture<Transport.Response> call = transport.call("POST", Paths.topic(topic, "diff"),
                Requests.diff(request, wait), transport.requestTimeout().plusMillis(wait));
        current.set(call);
        if (result.isCancelled()) {
            call.cancel(true);
            return null;
        }
        return call;
    }

    /** @return whether an answer is still wanted and arrived; a transport failure completes {@code result} */
    private static boolean usable(Throwable err, String topic, CompletableFuture<?> result) {
        if (result.isDone()) {
            return false;
        }
        if (err != null) {
            result.completeExceptionally(Errors.transport(err, "POST " + Paths.topic(topic, "diff")));
            return false;
        }
        return true;
    }

    private static void abortOnCancel(CompletableFuture<?> result, AtomicReference<CompletableFuture<?>> current) {
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                CompletableFuture<?> c = current.get();
                if (c != null) {
                    c.cancel(true);
                }
            }
        });
    }
}
