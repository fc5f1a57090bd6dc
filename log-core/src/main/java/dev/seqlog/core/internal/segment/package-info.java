/**
 * Records in memory and in mapped files: segments, the record store that locates them by seq, the
 * record layout and the buffer pool. No Java object exists per retained record.
 */
package dev.seqlog.core.internal.segment;
