/**
 * JMH benchmarks: seqlog through the public {@code EventLog} API and Chronicle Queue as the anchor, run
 * side by side with the same payloads and batch semantics. Chronicle's JVM flags live only in the fork
 * arguments of {@link dev.seqlog.bench.jmh.ChronicleQueueBench}; the seqlog benchmarks fork with none.
 */
package dev.seqlog.bench.jmh;
