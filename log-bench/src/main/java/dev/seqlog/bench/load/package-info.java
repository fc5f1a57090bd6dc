/**
 * The HTTP load generator: workloads W1–W4 against a {@code /v0} server on a loopback address, each on a
 * topic it creates, each verifying its own results; W4's readers long-poll or hold SSE watch streams, and the
 * IDLE holder keeps many watch streams open for outside measurement. The watch streams run on non-blocking
 * sockets ({@link dev.seqlog.bench.load.WatchReactor}), a few threads for any number of streams. Entry point
 * {@link dev.seqlog.bench.load.LoadGen}.
 */
package dev.seqlog.bench.load;
