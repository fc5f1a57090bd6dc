/**
 * Benchmarks for seqlog: JMH micro-benchmarks with Chronicle Queue as the anchor measured in the same
 * run ({@code dev.seqlog.bench.jmh}), the heap-per-record harness ({@code dev.seqlog.bench.heap}) and
 * the HTTP load generator ({@code dev.seqlog.bench.load}). Nothing here ships; nothing here runs during
 * {@code mvn verify}.
 */
package dev.seqlog.bench;
