/** On-disk structures: WAL shard files, segment, index and snapshot files, and the data-directory lock. */
package dev.seqlog.core.internal.storage;
