package dev.seqlog.core.backup;

/**
 * One file of a backup.
 *
 * @param name the file's path relative to the data directory, {@code /}-separated
 *             ({@code snapshots/…}, {@code segments/…}, {@code cold/…}, {@code wal/…})
 * @param size its length in bytes
 */
public record BackupFile(String name, long size) {
}
