/** The heap-per-retained-record harness: a plain main class, not a JMH benchmark. */
package dev.seqlog.bench.heap;
