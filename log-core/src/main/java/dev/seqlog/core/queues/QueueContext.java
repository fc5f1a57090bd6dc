package dev.seqlog.core.queues;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.Limits;
import dev.seqlog.core.internal.notify.Deadlines;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * What the queues of one engine share: the clock every deadline, delay and window is read on, the timer
 * thread, the threads that close windows and push jobs, the limits, and the append path dead-lettered copies
 * take.
 *
 * @param clock the engine clock
 * @param deadlines runs timers on the engine clock
 * @param executor runs window closes, push passes and push delivery
 * @param limits the request limits (node ids)
 * @param maxClaim jobs per claim and seqs per ack, nack or extend
 * @param closed whether the engine is closing
 * @param deadLetters appends a dead-lettered copy
 * @param loggedIds with an external log, the lease ids every queue mints ({@link LeaseIds#fromLog()}); null for a
 *        single node, whose queues each count their own
 */
public record QueueContext(InstantSource clock, Deadlines deadlines, Executor executor, Limits limits, int maxClaim,
                           BooleanSupplier closed, DeadLetterAppend deadLetters, LeaseIds loggedIds) {
    /** The append path of dead-lettered copies. */
    @FunctionalInterface
    public interface DeadLetterAppend {
        /**
         * Appends a copy whose meta carries the dead-letter stamps, which do not count toward the meta limits.
         *
         * @param topic the dead-letter topic
         * @param request the copy, with its create flag
         * @param stampBytes bytes the stamps added to the copy's meta
         * @return completes once the copy is as durable as its topic's class promises
         */
        CompletableFuture<AppendResult> append(String topic, AppendRequest request, int stampBytes);
    }

    long now() {
        return clock.millis();
    }

    /**
     * @return whether the engine's operations live in an external log, which every replica applies: lease state
     *         is then replicated state, in every checkpoint, and nothing may depend on a timer
     */
    boolean externalLog() {
        return loggedIds != null;
    }

    /** @return the lease ids of one queue */
    LeaseIds leaseIds() {
        return loggedIds != null ? loggedIds : LeaseIds.random();
    }
}
