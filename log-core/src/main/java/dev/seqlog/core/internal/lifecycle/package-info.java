/**
 * The data directory and the durable store: start-up wiring, the journal over the WAL shards, the
 * checkpoint scheduler, and one close order for every engine thread.
 */
package dev.seqlog.core.internal.lifecycle;
