/**
 * On-disk structures (WAL shard files, the data-directory lock) and the {@link
 * dev.seqlog.core.storage.FileSystem} seam through which all file I/O goes, so tests can fail, tear or drop
 * writes at any call.
 */
package dev.seqlog.core.storage;
