/**
 * The HTTP load generator: workloads W1–W4 against a {@code /v0} server on a loopback address, each on a
 * topic it creates, each verifying its own results. Entry point {@link dev.seqlog.bench.load.LoadGen}.
 */
package dev.seqlog.bench.load;
