package dev.seqlog.api;

import java.util.List;
import java.util.Map;

/**
 * What an ack, nack or extend did (API §10.5–§10.7).
 *
 * @param topic the queue
 * @param done seqs acked, nacked or extended
 * @param skipped seqs of the request not processed, in request order
 * @param ready claimable jobs after the call
 * @param inFlight jobs under an unexpired lease after the call
 * @param deadlines extend only: each extended seq's new deadline; empty otherwise
 * @param flushNanos time spent waiting for the operation to be durable, 0 if it did not wait
 */
public record LeaseResult(String topic, long done, List<Long> skipped, long ready, long inFlight,
                          Map<Long, Long> deadlines, long flushNanos) {
}
