/**
 * Benchmarks for seqlog: JMH micro-benchmarks with Chronicle Queue as the anchor measured in the same
 * run ({@code dev.seqlog.bench.jmh}), the heap-per-record harness ({@code dev.seqlog.bench.heap}), the
 * HTTP load generator ({@code dev.seqlog.bench.load}), the Redis side-by-sides ({@code dev.seqlog.bench.redis}),
 * queue claim → ack throughput ({@code dev.seqlog.bench.queue}) and router forwarding against direct appends
 * ({@code dev.seqlog.bench.router}). Nothing here ships; no measurement runs during {@code mvn verify} (the tests
 * run some harnesses with tiny counts to check they work).
 */
package dev.seqlog.bench;
