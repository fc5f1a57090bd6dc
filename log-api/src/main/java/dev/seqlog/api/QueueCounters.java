package dev.seqlog.api;

/**
 * The counters of a queue topic (API §10.9, SEMANTICS §13.9). {@code ready + inFlight} plus the jobs waiting
 * out a nack delay is the topic's live count.
 *
 * @param ready live jobs a claim could take now
 * @param inFlight live jobs under an unexpired lease
 * @param deadLettered jobs moved to the dead-letter topic during this topic instance's life (may under-count
 *        after a crash)
 */
public record QueueCounters(long ready, long inFlight, long deadLettered) {
}
