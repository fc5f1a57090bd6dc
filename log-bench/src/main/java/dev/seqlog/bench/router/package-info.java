/**
 * Router forwarding against direct appends, in the engine, in one run ({@link dev.seqlog.bench.router.RouterBench};
 * {@code log-bench/router-bench.sh} runs it with the defaults). Throughput: one writer with a bounded window of
 * asynchronous appends, timed until its records are visible in the topic written (the anchor) or in every
 * destination of 1 → F routers. Latency: paced single writes, timed until visible there. Both sides share the
 * writer, the records and the engine options; every run has a fresh engine and checks that each destination
 * holds exactly the records written, in order.
 */
package dev.seqlog.bench.router;
