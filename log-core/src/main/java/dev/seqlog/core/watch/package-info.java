/**
 * Live delivery (API §8–§9, SEMANTICS §16): a watch bound to topic instances, delivered to a
 * {@link java.util.concurrent.Flow.Subscriber} with demand. Each delivery keeps one cursor per topic, reads
 * with the read procedure when it has demand and the topic has news, and otherwise waits on the topic's
 * notification hub without holding a thread. The server's SSE watch and WebSocket subscriptions are built
 * on this package, so the library and the server cannot disagree on what a watcher receives.
 */
package dev.seqlog.core.watch;
