/**
 * Queue throughput: W workers each looping claim → ack on one queue until it is drained or a time budget
 * ends, with per-operation latency and a check that every job was acked exactly once. The loop, the
 * measurement and the check are written once against {@link dev.seqlog.bench.queue.QueueTarget}; the
 * in-process engine is one target ({@link dev.seqlog.bench.queue.QueueBench} runs it alone), the HTTP server
 * ({@link dev.seqlog.bench.load.HttpQueueTarget}) and Redis Streams consumer groups (in
 * {@code dev.seqlog.bench.redis}) are the others.
 */
package dev.seqlog.bench.queue;
