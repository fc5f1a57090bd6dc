/**
 * The backup archive of API §16.3: a POSIX tar of a checkpoint's files under {@code data/}, then the manifest
 * {@code SEQLOG-BACKUP.json} last, so an archive without it is known to be incomplete; and the offline restore
 * that reads one back into a new data directory.
 */
package dev.seqlog.server.backup;
