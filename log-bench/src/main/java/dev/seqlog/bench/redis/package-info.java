/**
 * Redis 7 Streams and the seqlog server side by side in one run on loopback: each durability pairing
 * (seqlog {@code disk} with Redis {@code appendfsync everysec}, seqlog {@code fsync} with
 * {@code appendfsync always}) runs the load generator's workloads W1–W4 against a freshly started server of
 * each kind in turn, with the same client discipline on both sides, and prints one Markdown table of ratios
 * plus the CPU each server spent. Entry point {@link dev.seqlog.bench.redis.SideBySide}; the seqlog side is
 * {@link dev.seqlog.bench.load.SeqlogWorkloads}, the Redis side mirrors it with Jedis. The queue comparison,
 * {@link dev.seqlog.bench.redis.QueueSideBySide}, sets claim → ack on seqlog queues (over HTTP and in-process)
 * against Redis consumer groups ({@code XREADGROUP} + {@code XACK}) the same way.
 */
package dev.seqlog.bench.redis;
