/**
 * Durability benchmarks: fsync-class acknowledgement latency against a raw write + fdatasync measured by the
 * same harness in the same run, group-commit throughput, disk-class cost against the in-memory engine,
 * and time-to-ready after SIGKILL.
 */
package dev.seqlog.bench.durability;
