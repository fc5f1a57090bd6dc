package dev.seqlog.core.internal.checkpoint;

import java.nio.file.Path;

/**
 * One file of a pinned checkpoint: where it is, the name it has relative to a data directory
 * ({@code snapshots/…}, {@code segments/…}, {@code cold/…}, {@code wal/…}), and how many of its bytes belong
 * to the checkpoint. Bytes past {@code size} may be written later (an active segment or WAL file grows) and
 * are not part of it.
 *
 * @param path the file
 * @param name its name relative to a data directory, with {@code /} separators
 * @param size the bytes that belong to the checkpoint, from offset 0
 * @param objectKey for a segment in the object store, its key (and {@code path} is null), else null
 */
public record PinnedFile(Path path, String name, long size, String objectKey) {
    /** A file in the data directory. */
    public PinnedFile(Path path, String name, long size) {
        this(path, name, size, null);
    }
}
