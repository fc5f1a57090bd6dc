/**
 * Storage benchmarks of the durable engine, plain main classes: heap, direct and mapped memory per retained
 * record with checkpoints on ({@code RetainedRecords}), time to ready after a clean stop and after SIGKILL with a
 * growing WAL tail ({@code TimeToReady}), and reads of sealed, memory-mapped segments against a raw file read
 * ({@code SealedReadBench}).
 */
package dev.seqlog.bench.storage;
