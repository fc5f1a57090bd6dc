/**
 * The benchmarks of replicated mode ({@link dev.seqlog.bench.replication.ReplicationBench}): fsync-class append
 * throughput and latency of three {@code ReplicatedNode}s in one JVM on loopback against a single-node engine in the
 * same run, and the write gap when the leader is stopped again and again, with a check of every replica after.
 */
package dev.seqlog.bench.replication;
