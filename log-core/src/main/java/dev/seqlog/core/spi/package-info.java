/**
 * The file-system seam: every byte the engine reads or writes goes through {@link
 * dev.seqlog.core.spi.FileSystem}, so tests can fail, tear or drop writes at any call.
 */
package dev.seqlog.core.spi;
