/**
 * Backup and restore of a data directory: a checkpoint whose files stay unchanged while they are read
 * out, one backup at a time, and the offline restore that rebuilds a data directory from those files
 * durably, refusing to leave a half-restored directory a server could open.
 */
package dev.seqlog.core.backup;
