/** Start-up recovery: replays the WAL shards into engine state. */
package dev.seqlog.core.recovery;
