/** Start-up recovery: restores the newest usable snapshot and replays the WAL shards after its cut. */
package dev.seqlog.core.internal.recovery;
